product-prompt = Qanday tovar bilan savdo qilasiz? Tovar nomini yoki TIF TN kodini yozing (masalan: quritilgan oʻrik, futbolka, 0813).
product-not-found = “{ $query }” topilmadi. Boshqa soʻz, qisqaroq nom yoki TIF TN kodini yozib koʻring.
product-try-again = Tovar nomini boshqacha yozing yoki TIF TN kodini yuboring.
product-confirm = Sizga shu kerakmi: { $product } (TIF TN { $hs })?
product-pick = Bulardan qaysi biri kerak?
choice-yes = Ha
choice-none = Hech biri emas
