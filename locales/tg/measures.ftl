# Temporary measures (bans, quotas, licences): the answer's first lines, notices, admin.
measure-coming = 🔜 Аз { $start }: { $text }
measure-until = То { $end } (ҳамин рӯз дохил)
measure-until-cancelled = То бекор шудан
measure-act = { $title } № { $number }, { $date }
measure-notice-published = 📢 Чораи муваққатӣ дар самти шумо { $flow }:
measure-notice-starts = 📢 Пагоҳ дар самти шумо { $flow } чораи муваққатӣ эътибор пайдо мекунад:
measure-notice-ends = 📢 Имрӯз рӯзи охири чораи муваққатӣ дар самти шумо { $flow }:
measure-notice-footer = Пеш аз фиристодани бор санадро санҷед. Қатъ кардани ин паёмҳо: /subscriptions.
kb-problem-measure-dates = чора пеш аз оғозаш тамом мешавад
kb-problem-measure-partners = манъи санитарӣ ё чораи транзитӣ бояд кишварҳои баромади молро номбар кунад (partners)
admin-measure-usage =
    Чораҳои муваққатӣ:
    /measure — амалкунанда ва оянда
    /measure add — баъд як чора бо YAML, мисли measures.yaml
    /measure extend ID СССС-ММ-РР|open РАҚАМ СССС-ММ-РР — мӯҳлати нав аз рӯи санад (рақам, сана)
    /measure end ID СССС-ММ-РР [РАҚАМ СССС-ММ-РР] — рӯзи охири амал
    Ҳар тағйир аввал барои тасдиқ ба шумо нишон дода мешавад.
admin-measure-list = Чораҳои муваққатии амалкунанда ва оянда:
admin-measure-none = Чораи муваққатии амалкунанда ё оянда нест.
admin-measure-unknown = Чора бо id { $id } нест. Рӯйхат: /measure.
admin-measure-bad-date = Санаҳо чун СССС-ММ-РР навишта мешаванд ('open' — то бекор шудан).
admin-measure-not-later = Тамдид бояд дертар аз мӯҳлати ҳозира ({ $end }) анҷом ёбад.
admin-measure-not-earlier = Барои барвақт тамом кардани чора рӯзеро аз { $start } то пеш аз { $end } нишон диҳед.
admin-measure-exists = Чора бо id { $id } аллакай ҳаст: онро тамдид ё тамом кунед.
admin-measure-unreadable = Баъд аз /measure add як чораро бо YAML нависед (луғат бо id, country, direction, ...).
