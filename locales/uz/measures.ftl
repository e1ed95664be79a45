# Temporary measures (bans, quotas, licences): the answer's first lines, notices, admin.
measure-coming = 🔜 { $start } sanasidan: { $text }
measure-until = { $end } gacha (shu kun ham)
measure-until-cancelled = Bekor qilinguncha
measure-act = { $title } № { $number }, { $date }
measure-notice-published = 📢 { $flow } yoʻnalishingizda vaqtinchalik chora:
measure-notice-starts = 📢 Ertaga { $flow } yoʻnalishingizda vaqtinchalik chora kuchga kiradi:
measure-notice-ends = 📢 Bugun { $flow } yoʻnalishingizdagi vaqtinchalik choraning soʻnggi kuni:
measure-notice-footer = Yuk joʻnatishdan oldin hujjatni tekshiring. Bu xabarlarni toʻxtatish: /subscriptions.
kb-problem-measure-dates = chora boshlanishidan oldin tugaydi
kb-problem-measure-partners = sanitariya taqigʻi yoki tranzit chorasi tovar keladigan davlatlarni koʻrsatishi kerak (partners)
admin-measure-usage =
    Vaqtinchalik choralar:
    /measure — amaldagi va kelgusi choralar
    /measure add — soʻng measures.yaml dagidek bitta chora YAML koʻrinishida
    /measure extend ID YYYY-OO-KK|open RAQAM YYYY-OO-KK — hujjat boʻyicha yangi muddat (raqami, sanasi)
    /measure end ID YYYY-OO-KK [RAQAM YYYY-OO-KK] — amal qiladigan soʻnggi kun
    Har bir oʻzgarish avval tasdiqlashingiz uchun koʻrsatiladi.
admin-measure-list = Amaldagi va kelgusi vaqtinchalik choralar:
admin-measure-none = Amaldagi yoki kelgusi vaqtinchalik chora yoʻq.
admin-measure-unknown = { $id } id li chora yoʻq. Roʻyxat: /measure.
admin-measure-bad-date = Sanalar YYYY-OO-KK koʻrinishida yoziladi ('open' — bekor qilinguncha).
admin-measure-not-later = Uzaytirish hozirgi muddatdan ({ $end }) keyin tugashi kerak.
admin-measure-not-earlier = Chorani erta tugatish uchun { $start } dan { $end } gacha boʻlgan kunni koʻrsating.
admin-measure-exists = { $id } id li chora allaqachon bor: uni uzaytiring yoki tugating.
admin-measure-unreadable = /measure add dan keyin bitta chorani YAML koʻrinishida yozing (id, country, direction, ... boʻlgan lugʻat).
