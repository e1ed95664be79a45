welcome = Assalomu alaykum! Men Markaziy Osiyo chegaralaridan tovar olib oʻtuvchi tadbirkorlarga yordam beraman: har bir qadam uchun hujjatlar, idoralar, xarajatlar va qonuniy asos.
help =
    Tovar nomini yozing (istalgan tilda yoki uning TIF TN kodini), soʻng tovar qaysi davlatdan qaysi davlatga borishini tanlang. Har bir qadamni hujjatlari, idorasi va huquqiy asosi bilan koʻrsataman.
    /new – yangi qidiruv
    /language – tilni oʻzgartirish
    /border – chegarada yordam: huquqlaringiz va nima qilish kerak
    /rates – yoʻnalishingiz uchun rasmiy valyuta kurslari
    /forget – siz haqingizda saqlaganlarimning hammasini oʻchirish
