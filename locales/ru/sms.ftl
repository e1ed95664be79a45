# The SMS channel's own words (bot/channels/sms.py). Keywords are whole messages, any case;
# every language's words are read whatever the trader's language.
sms-stop-words = СТОП, ОТПИСАТЬСЯ
sms-start-words = СТАРТ
sms-help-words = ПОМОЩЬ, СПРАВКА
sms-language-words = ЯЗЫК
sms-help = Tradebot: напишите товар (например, яблоки), отвечайте номером. ЯЗЫК - язык. СТОП - без SMS, СТАРТ - снова.
sms-stopped = Больше SMS от нас не будет. Чтобы начать снова, отправьте СТАРТ.
sms-started = С возвращением: SMS снова включены.
sms-cap-number = Лимит SMS на ваш номер на сегодня исчерпан. Напишите завтра.
sms-cap-total = Сервис SMS исчерпал лимит на сегодня. Напишите завтра.
sms-more = дальше
sms-answer-hint = Ответьте номером шага или части.
sms-language-prompt = Тил/Тіл/Забон/Dil/Til/Язык/Language:
