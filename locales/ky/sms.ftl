# The SMS channel's own words (bot/channels/sms.py). Keywords are whole messages, any case;
# every language's words are read whatever the trader's language.
sms-stop-words = ТОКТО
sms-start-words = БАШТА
sms-help-words = ЖАРДАМ
sms-language-words = ТИЛ
sms-help = Tradebot: товарды жазыңыз (мисалы, алма), номер менен жооп бериңиз. ТИЛ - тил. ТОКТО - SMS жок, БАШТА - кайра.
sms-stopped = Мындан ары SMS жөнөтүлбөйт. Кайра баштоо үчүн БАШТА деп жазыңыз.
sms-started = Кош келиңиз: SMS кайра күйгүзүлдү.
sms-cap-number = Номериңизге бүгүнкү SMS чеги бүттү. Эртең жазыңыз.
sms-cap-total = SMS кызматынын бүгүнкү чеги бүттү. Эртең жазыңыз.
sms-more = андан ары
sms-answer-hint = Кадамдын же бөлүктүн номерин жазыңыз.
sms-language-prompt = Тил/Тіл/Забон/Dil/Til/Язык/Language:
