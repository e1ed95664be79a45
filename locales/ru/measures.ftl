# Temporary measures (bans, quotas, licences): the answer's first lines, notices, admin.
measure-coming = 🔜 С { $start }: { $text }
measure-until = До { $end } включительно
measure-until-cancelled = До отмены
measure-act = { $title } № { $number } от { $date }
measure-notice-published = 📢 Временная мера на вашем направлении { $flow }:
measure-notice-starts = 📢 Завтра на вашем направлении вступает в силу временная мера { $flow }:
measure-notice-ends = 📢 Сегодня последний день временной меры на вашем направлении { $flow }:
measure-notice-footer = Проверьте акт перед отправкой груза. Отключить такие сообщения: /subscriptions.
kb-problem-measure-dates = мера заканчивается раньше, чем начинается
kb-problem-measure-partners = санитарный запрет или мера на транзит должны назвать страны, откуда идут товары (partners)
admin-measure-usage =
    Временные меры:
    /measure — действующие и будущие
    /measure add — и одна мера в YAML, как в measures.yaml
    /measure extend ID ГГГГ-ММ-ДД|open НОМЕР ГГГГ-ММ-ДД — новый срок по акту (номер, дата)
    /measure end ID ГГГГ-ММ-ДД [НОМЕР ГГГГ-ММ-ДД] — последний день действия
    Каждое изменение сначала показывается вам для подтверждения.
admin-measure-list = Временные меры, действующие и будущие:
admin-measure-none = Нет действующих или будущих временных мер.
admin-measure-unknown = Меры с id { $id } нет. Список: /measure.
admin-measure-bad-date = Даты пишутся ГГГГ-ММ-ДД ('open' — до отмены).
admin-measure-not-later = Продление должно заканчиваться позже нынешнего срока ({ $end }).
admin-measure-not-earlier = Чтобы завершить меру раньше, укажите день с { $start } и раньше { $end }.
admin-measure-exists = Мера с id { $id } уже есть: продлите или завершите её.
admin-measure-unreadable = После /measure add напишите одну меру в YAML (словарь с id, country, direction, ...).
