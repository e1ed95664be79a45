# The SMS channel's own words (bot/channels/sms.py). Keywords are whole messages, any case;
# every language's words are read whatever the trader's language.
sms-stop-words = СТОП, ОТПИСАТЬСЯ
sms-start-words = СТАРТ
sms-help-words = ПОМОЩЬ
sms-language-words = ЯЗЫК
sms-help = Напишите товар (например, яблоки), отвечайте номером. ЯЗЫК - язык. СТОП - без СМС, СТАРТ - снова.
sms-stopped = Больше СМС от нас не будет. Чтобы начать снова, отправьте СТАРТ.
sms-started = С возвращением: СМС снова включены.
sms-cap-number = Лимит СМС на ваш номер на сегодня исчерпан. Напишите завтра.
sms-cap-total = Сервис СМС исчерпал лимит на сегодня. Напишите завтра.
sms-more = дальше
sms-answer-hint = Ответьте номером шага или части.
admin-sms-stats = SMS: сегодня { $today } сегм. на { $today_numbers } номеров; за 30 дней { $total }, { $per_number } на номер в день
admin-sms-conversations = SMS-разговоров за 30 дней: { $count }, сегм. на разговор: медиана { $median }, максимум { $max }
