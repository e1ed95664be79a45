# The SMS channel's own words (bot/channels/sms.py). Keywords are whole messages, any case;
# every language's words are read whatever the trader's language.
sms-stop-words = ТОКТО
sms-start-words = БАШТА
sms-help-words = ЖАРДАМ
sms-language-words = ТИЛ
sms-help = Товарды жазыңыз (мисалы, алма), номер менен жооп бериңиз. ТИЛ - тил. ТОКТО - СМС жок, БАШТА - кайра.
sms-stopped = Мындан ары СМС жөнөтүлбөйт. Кайра баштоо үчүн БАШТА деп жазыңыз.
sms-started = Кош келиңиз: СМС кайра күйгүзүлдү.
sms-cap-number = Номериңизге бүгүнкү СМС чеги бүттү. Эртең жазыңыз.
sms-cap-total = СМС кызматынын бүгүнкү чеги бүттү. Эртең жазыңыз.
sms-more = андан ары
sms-answer-hint = Кадамдын же бөлүктүн номерин жазыңыз.
admin-sms-stats = SMS: бүгүн { $today } сегм., { $today_numbers } номерге; 30 күндө { $total }, номерге күнүнө { $per_number }
admin-sms-conversations = SMS сүйлөшүүлөр (30 күн): { $count }, сүйлөшүүгө сегм.: медиана { $median }, эң көбү { $max }
