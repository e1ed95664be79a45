forget-confirm = Siz haqingizda saqlagan hamma maʼlumotlarni (til, tugallanmagan qidiruvlar, obunalar) oʻchiraymi? Buni qaytarib boʻlmaydi.
forget-done = Tayyor: siz haqingizda saqlagan hamma maʼlumotlarni oʻchirdim. Qaytadan boshlash uchun /start yuboring.
choice-forget-yes = Ha, oʻchirish
choice-forget-no = Yoʻq, qolsin
