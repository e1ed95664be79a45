# The SMS channel's own words (bot/channels/sms.py). Keywords are whole messages, any case;
# every language's words are read whatever the trader's language.
sms-stop-words = ТОҚТА, ТОКТА
sms-start-words = БАСТА
sms-help-words = КӨМЕК, КОМЕК
sms-language-words = ТІЛ, ТИЛ
sms-help = Тауарды жазыңыз (мысалы, алма), нөмірмен жауап беріңіз. ТІЛ - тіл. ТОҚТА - СМС жоқ, БАСТА - қайта.
sms-stopped = Бұдан былай СМС жіберілмейді. Қайта бастау үшін БАСТА деп жазыңыз.
sms-started = Қош келдіңіз: СМС қайта қосылды.
sms-cap-number = Нөміріңізге бүгінгі СМС шегі бітті. Ертең жазыңыз.
sms-cap-total = СМС қызметінің бүгінгі шегі бітті. Ертең жазыңыз.
sms-more = әрі қарай
sms-answer-hint = Қадамның не бөлімнің нөмірін жазыңыз.
admin-sms-stats = SMS: бүгін { $today } сегм., { $today_numbers } нөмірге; 30 күнде { $total }, нөмірге күніне { $per_number }
admin-sms-conversations = SMS сөйлесулері (30 күн): { $count }, сөйлесуге сегм.: медиана { $median }, ең көбі { $max }
