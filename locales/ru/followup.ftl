choice-subscribe = 🔔 Подписаться
choice-unsubscribe = 🔕 Отписаться
choice-unsubscribe-n = 🔕 Отписаться от { $n }
choice-helpful-yes = 👍 Полезно
choice-helpful-no = 👎 Не помогло
choice-expert = 💬 Спросить эксперта
subscribe-done = Я сообщу вам, когда изменятся процедуры: { $flow }. Отправьте /subscriptions, чтобы посмотреть или отключить уведомления.
subscribe-limit = Вы уже следите за максимумом маршрутов: { $limit }. Сначала отключите один из них (/subscriptions).
unsubscribe-done = Уведомления отключены: { $flow }.
subscriptions-none = Вы пока не следите ни за одним маршрутом. После ответа нажмите «Подписаться».
subscriptions-list =
    { $count ->
        [1] Вы следите за этим маршрутом:
        [one] Вы следите за { $count } маршрутом:
        [few] Вы следите за { $count } маршрутами:
        [many] Вы следите за { $count } маршрутами:
       *[other] Вы следите за { $count } маршрутами:
    }
feedback-thanks = Спасибо! Ваш ответ помогает нам стать лучше.
feedback-ask-comment =
    Жаль, что не помогло. Чего не хватило? Напишите в нескольких словах (не больше { $limit ->
        [one] { $limit } символа
        [few] { $limit } символов
        [many] { $limit } символов
       *[other] { $limit } символа
    }) или нажмите «Пропустить».
expert-ask =
    Напишите вопрос эксперту (не больше { $limit ->
        [one] { $limit } символа
        [few] { $limit } символов
        [many] { $limit } символов
       *[other] { $limit } символа
    }). Маршрут: { $flow }. Ответ придёт сюда.
expert-sent = Ваш вопрос отправлен эксперту. Ответ придёт в этот чат.
expert-forward =
    Вопрос #{ $id } (язык: { $lang }; маршрут: { $flow })
    { $question }

    Ответьте на это сообщение, чтобы ответить предпринимателю.
expert-answer = Ответ эксперта на ваш вопрос:
    { $answer }
expert-delivered = Ответ на вопрос #{ $id } отправляется торговцу.
expert-unknown-question = Вопроса #{ $id } нет.
