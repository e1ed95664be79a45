answer-header = { $product } (TIF TN { $hs }): { $origin } → { $destination }
answer-side-export = Eksport — { $country }:
answer-side-crossing = Chegarada:
answer-side-import = Import — { $country }:
answer-posts = Chegaradan oʻtish punktlari: { $posts }
answer-footer =
    { $count ->
        [one] Hujjatlar, narx, muddat va huquqiy asosni koʻrish uchun qadamni bosing.
       *[other] Hujjatlar, narx, muddat va huquqiy asosni koʻrish uchun istalgan qadamni bosing.
    }
answer-next = Keyin nima qilamiz?
detail-agency = Idora: { $agency }
detail-documents = Hujjatlar: { $documents }
detail-cost = Narxi: { $cost }
detail-time = Muddati: { $time }
detail-figure-unknown = manbalarimizda tasdiqlanmagan; shu yerdan aniqlang: { $contact }
detail-figure-unknown-portal = manbalarimizda tasdiqlanmagan; { $portal } rasmiy portalidan aniqlang
detail-legal = Huquqiy asos: { $basis }
detail-source = Manba: { $source }
detail-verified = Tekshirildi: { $date }
choice-new = 🔎 Yangi qidiruv
choice-other-destination = Boshqa davlatga
choice-language = 🌐 Til
choice-prev-step = ◀ Oldingi qadam
choice-next-step = Keyingi qadam ▶
choice-back = ↩ Orqaga
choice-documents = 📄 Hujjatlar roʻyxati
documents-header = Hujjatlar: { $product }, { $origin } → { $destination }
documents-line =
    { $count ->
        [one] ☐ { $document } ({ $steps }-qadam)
       *[other] ☐ { $document } (qadamlar: { $steps })
    }
documents-footer = Hujjatni kim berishi va huquqiy asosini koʻrish uchun qadamni bosing.
documents-none = Manbalarimizda bu yoʻnalish uchun hujjatlar koʻrsatilmagan; qadamlarda koʻrsatilgan portallardan aniqlang.
