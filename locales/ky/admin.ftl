admin-menu =
    Администратор. Билим базасын жаңыртуу үчүн билим файлын жөнөтүңүз (.yaml же data папкасынын .zip архиви).
    /stats – сандар жана диаграмма
    /history – билим базасынын версиялары
    /rollback N – N версиясын кайра иштетүү
    /broadcast текст – бардык активдүү колдонуучуларга билдирүү
    /incidents – чек арадагы окуялар тууралуу билдирүүлөр
    /measure – убактылуу тыюулар жана квоталар: тизме, кошуу, узартуу, бүтүрүү
admin-choice-stats = 📊 Статистика
admin-choice-history = 🗂 Версиялар
admin-choice-incidents = 🛂 Окуялар
admin-choice-apply = ✅ Колдонуу
admin-choice-send = ✅ Жөнөтүү
admin-choice-cancel = ✖ Жокко чыгаруу
admin-cancelled = Жокко чыгарылды. Эч нерсе өзгөргөн жок.
admin-upload-too-big = Файл өтө чоң (эң көп 5 МБ). Эч нерсе өзгөргөн жок.
admin-upload-unreadable = UTF-8 коддогу .yaml файлдарын же алардын .zip архивин гана окуй алам. Эч нерсе өзгөргөн жок.
admin-upload-invalid =
    { $count ->
        [one] Файлда бир ката бар; эч нерсе өзгөргөн жок:
       *[other] Файлда { $count } ката бар; эч нерсе өзгөргөн жок:
    }
admin-upload-no-change = Файл учурдагы билим базасы менен бирдей: өзгөртө турган эч нерсе жок.
admin-upload-preview =
    { $count ->
        [one] Бир өзгөртүү. Колдоносузбу?
       *[other] { $count } өзгөртүү. Колдоносузбу?
    }
admin-rollback-preview =
    { $count ->
        [one] Артка кайтаруу бир нерсени өзгөртөт. Колдоносузбу?
       *[other] Артка кайтаруу { $count } өзгөртүү киргизет. Колдоносузбу?
    }
admin-change-added = + { $section }: { $name }
admin-change-changed = ~ { $section }: { $name }
admin-change-removed = − { $section }: { $name }
admin-more = … жана дагы { $count }
admin-import-done = { $version } версиясы эми иштеп жатат. Жазылуучуларга кезекке коюлган билдирүүлөр: { $notices }.
admin-history = Билим базасынын версиялары (* = иштеп жаткан):
admin-rollback-usage = Колдонуу: /rollback N, мында N – /history тизмесиндеги версия.
admin-broadcast-usage = Колдонуу: /broadcast, андан кийин билдирүүнүн тексти.
admin-broadcast-preview =
    Бул билдирүүнү { $count } активдүү колдонуучуга жөнөтөйүнбү?

    { $text }
admin-broadcast-queued = #{ $id } таратуу { $count } колдонуучуга кезекке коюлду. Жүрүшү ушул жерде көрсөтүлөт.
admin-broadcast-progress = #{ $id } таратуу: { $total } ичинен { $sent } жөнөтүлдү, { $failed } жеткен жок.
admin-stats-header = Статистика
admin-stats-channels = Каналдар боюнча колдонуучулар: { $list }
admin-stats-languages = Тилдер боюнча колдонуучулар: { $list }
admin-stats-countries = Чыгуучу өлкө боюнча багыттар: { $list }
admin-stats-queries = Көп издөөлөр (30 күн): { $list }
admin-stats-daily = Күн сайынкы издөөлөр (акыркы 7 күн): { $list }
admin-stats-flows = Көп багыттар: { $list }
admin-stats-gaps = Натыйжасыз издөөлөр: { $list }
admin-stats-feedback = Пайдалуу: ооба – { $yes }, жок – { $no }
admin-incidents-header = Чек арадагы окуялар тууралуу билдирүүлөр (ай · өткөрүү пункту · абал: саны):
admin-incidents-none = Окуялар тууралуу билдирүүлөр азырынча жок.
