choice-border = 🛂 На границе
border-prompt = Что происходит на границе? Выберите ситуацию:
border-pick = Пожалуйста, выберите ситуацию кнопкой.
border-rights = Ваши права:
border-ask = Попросите:
border-next = Что делать дальше:
border-contacts = Официальные контакты:
border-contacts-general = Официальные контакты: таможенная служба страны и региональный портал { $portal }.
choice-keep = 💾 Сохранить
choice-keep-all = 💾 Все мои права
keep-header = Ваши права на границе (сохраните это сообщение):
# handlers/card.py
card-header = Права ({ $country }):
card-full = Все права
card-which = Права в какой стране?
choice-report = 📝 Сообщить о случае
report-ask-post = Сообщение анонимное: оно никак не связано с вами. Где это произошло?
report-post-other = Другое место
report-ask-date = Когда это произошло?
report-when-today = Сегодня
report-when-yesterday = Вчера
report-when-week = На этой неделе
report-when-earlier = Раньше
report-ask-text =
    Если хотите, опишите в нескольких словах, что произошло (не больше { $limit ->
        [one] { $limit } символа
        [few] { $limit } символов
        [many] { $limit } символов
       *[other] { $limit } символа
    }). Не пишите имена и номера телефонов.
report-skip = Пропустить
report-thanks = Спасибо. Ваше сообщение сохранено без имени и номера. Сообщения считаются по каждому пункту пропуска, чтобы объединения предпринимателей могли обсуждать их с пограничными службами.
report-use-buttons = Пожалуйста, выберите кнопкой.
