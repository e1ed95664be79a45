admin-menu =
    Админ. Отправьте файл знаний (.yaml или .zip папки data), чтобы обновить базу знаний.
    /stats – цифры и график
    /history – версии базы знаний
    /rollback N – снова включить версию N
    /broadcast текст – сообщение всем активным пользователям
    /incidents – сообщения о случаях на границе
    /measure – временные запреты и квоты: список, добавить, продлить, завершить
admin-choice-stats = 📊 Статистика
admin-choice-history = 🗂 Версии
admin-choice-incidents = 🛂 Случаи
admin-choice-apply = ✅ Применить
admin-choice-send = ✅ Отправить
admin-choice-cancel = ✖ Отмена
admin-cancelled = Отменено. Ничего не изменилось.
admin-upload-too-big = Файл слишком большой (не больше 5 МБ). Ничего не изменилось.
admin-upload-unreadable = Я читаю только файлы .yaml или .zip с ними, в кодировке UTF-8. Ничего не изменилось.
admin-upload-invalid =
    { $count ->
        [1] В файле одна ошибка; ничего не изменилось:
        [one] В файле { $count } ошибка; ничего не изменилось:
        [few] В файле { $count } ошибки; ничего не изменилось:
        [many] В файле { $count } ошибок; ничего не изменилось:
       *[other] В файле { $count } ошибки; ничего не изменилось:
    }
admin-upload-no-change = Файл совпадает с действующей базой знаний: менять нечего.
admin-upload-preview =
    { $count ->
        [1] Одно изменение. Применить?
        [one] { $count } изменение. Применить?
        [few] { $count } изменения. Применить?
        [many] { $count } изменений. Применить?
       *[other] { $count } изменения. Применить?
    }
admin-rollback-preview =
    { $count ->
        [1] При откате изменится одна запись. Применить?
        [one] При откате изменится { $count } запись. Применить?
        [few] При откате изменятся { $count } записи. Применить?
        [many] При откате изменится { $count } записей. Применить?
       *[other] При откате изменится { $count } записи. Применить?
    }
admin-change-added = + { $section }: { $name }
admin-change-changed = ~ { $section }: { $name }
admin-change-removed = − { $section }: { $name }
admin-more = … и ещё { $count }
admin-import-done = Версия { $version } теперь действует. Уведомлений для подписчиков в очереди: { $notices }.
admin-history = Версии базы знаний (* = действующая):
admin-rollback-usage = Как использовать: /rollback N, где N — версия из /history.
admin-broadcast-usage = Как использовать: /broadcast и затем текст сообщения.
admin-broadcast-preview =
    Отправить это сообщение { $count ->
        [one] { $count } активному пользователю
        [few] { $count } активным пользователям
        [many] { $count } активным пользователям
       *[other] { $count } активным пользователям
    }?

    { $text }
admin-broadcast-queued = Рассылка #{ $id } в очереди, получателей: { $count }. Ход отправки будет показан здесь.
admin-broadcast-progress = Рассылка #{ $id }: отправлено { $sent } из { $total }, не доставлено { $failed }.
admin-stats-header = Статистика
admin-stats-channels = Пользователи по каналам: { $list }
admin-stats-languages = Пользователи по языкам: { $list }
admin-stats-countries = Маршруты по стране отправления: { $list }
admin-stats-queries = Частые запросы (30 дней): { $list }
admin-stats-daily = Запросы по дням (последние 7 дней): { $list }
admin-stats-flows = Частые маршруты: { $list }
admin-stats-gaps = Запросы без результата: { $list }
admin-stats-feedback = Полезно: да — { $yes }, нет — { $no }
admin-incidents-header = Сообщения о случаях на границе (месяц · пункт пропуска · ситуация: число):
admin-incidents-none = Сообщений о случаях пока нет.
