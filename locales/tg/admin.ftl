admin-menu =
    Администратор. Барои навсозии пойгоҳи дониш файли дониш фиристед (.yaml ё .zip-и ҷузвдони data).
    /stats – рақамҳо ва диаграмма
    /history – версияҳои пойгоҳи дониш
    /rollback N – боз фаъол кардани версияи N
    /broadcast матн – паём ба ҳамаи корбарони фаъол
    /incidents – хабарҳо дар бораи ҳодисаҳои сарҳадӣ
    /measure – манъҳо ва квотаҳои муваққатӣ: рӯйхат, илова, тамдид, анҷом
admin-choice-stats = 📊 Омор
admin-choice-history = 🗂 Версияҳо
admin-choice-incidents = 🛂 Ҳодисаҳо
admin-choice-apply = ✅ Татбиқ кардан
admin-choice-send = ✅ Фиристодан
admin-choice-cancel = ✖ Бекор кардан
admin-cancelled = Бекор карда шуд. Ҳеҷ чиз тағйир наёфт.
admin-upload-too-big = Файл хеле калон аст (на бештар аз 5 МБ). Ҳеҷ чиз тағйир наёфт.
admin-upload-unreadable = Ман танҳо файлҳои .yaml ё .zip-и онҳоро бо рамзгузории UTF-8 хонда метавонам. Ҳеҷ чиз тағйир наёфт.
admin-upload-invalid =
    { $count ->
        [one] Дар файл { $count } хато ҳаст; ҳеҷ чиз тағйир наёфт:
       *[other] Дар файл { $count } хато ҳаст; ҳеҷ чиз тағйир наёфт:
    }
admin-upload-no-change = Файл ба пойгоҳи дониши амалкунанда мувофиқ аст: чизе барои тағйир нест.
admin-upload-preview =
    { $count ->
        [1] Як тағйирот. Татбиқ кунем?
        [one] { $count } тағйирот. Татбиқ кунем?
       *[other] { $count } тағйирот. Татбиқ кунем?
    }
admin-rollback-preview =
    { $count ->
        [1] Бозгашт як чизро тағйир медиҳад. Татбиқ кунем?
        [one] Бозгашт { $count } тағйирот ворид мекунад. Татбиқ кунем?
       *[other] Бозгашт { $count } тағйирот ворид мекунад. Татбиқ кунем?
    }
admin-change-added = + { $section }: { $name }
admin-change-changed = ~ { $section }: { $name }
admin-change-removed = − { $section }: { $name }
admin-more = … ва боз { $count }
admin-import-done = Версияи { $version } акнун фаъол аст. Огоҳиҳо барои обуначиён дар навбат: { $notices }.
admin-history = Версияҳои пойгоҳи дониш (* = фаъол):
admin-rollback-usage = Истифода: /rollback N, ки дар он N версия аз /history аст.
admin-broadcast-usage = Истифода: /broadcast ва баъд матни паём.
admin-broadcast-preview =
    Ин паём ба { $count } корбари фаъол фиристода шавад?

    { $text }
admin-broadcast-queued = Паёмрасонии #{ $id } барои { $count } корбар ба навбат гузошта шуд. Ҷараён дар ин ҷо нишон дода мешавад.
admin-broadcast-progress = Паёмрасонии #{ $id }: аз { $total } { $sent } фиристода шуд, { $failed } нарасид.
admin-stats-header = Омор
admin-stats-channels = Корбарон аз рӯи канал: { $list }
admin-stats-languages = Корбарон аз рӯи забон: { $list }
admin-stats-countries = Масирҳо аз рӯи кишвари баромад: { $list }
admin-stats-queries = Ҷустуҷӯҳои зиёд (30 рӯз): { $list }
admin-stats-daily = Ҷустуҷӯҳо аз рӯи рӯз (7 рӯзи охир): { $list }
admin-stats-flows = Масирҳои зиёд: { $list }
admin-stats-gaps = Ҷустуҷӯҳои бенатиҷа: { $list }
admin-stats-feedback = Муфид: ҳа – { $yes }, не – { $no }
admin-incidents-header = Хабарҳо дар бораи ҳодисаҳои сарҳадӣ (моҳ · гузаргоҳ · вазъият: шумора):
admin-incidents-none = Ҳоло хабар дар бораи ҳодисаҳо нест.
