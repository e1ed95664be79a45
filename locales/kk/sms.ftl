# The SMS channel's own words (bot/channels/sms.py). Keywords are whole messages, any case;
# every language's words are read whatever the trader's language.
sms-stop-words = ТОҚТА, ТОКТА
sms-start-words = БАСТА
sms-help-words = КӨМЕК, КОМЕК
sms-language-words = ТІЛ, ТИЛ
sms-help = Tradebot: тауарды жазыңыз (мысалы, алма), нөмірмен жауап беріңіз. ТІЛ - тіл. ТОҚТА - SMS жоқ, БАСТА - қайта.
sms-stopped = Бұдан былай SMS жіберілмейді. Қайта бастау үшін БАСТА деп жазыңыз.
sms-started = Қош келдіңіз: SMS қайта қосылды.
sms-cap-number = Нөміріңізге бүгінгі SMS шегі бітті. Ертең жазыңыз.
sms-cap-total = SMS қызметінің бүгінгі шегі бітті. Ертең жазыңыз.
sms-more = әрі қарай
sms-answer-hint = Қадамның не бөлімнің нөмірін жазыңыз.
sms-language-prompt = Тил/Тіл/Забон/Dil/Til/Язык/Language:
