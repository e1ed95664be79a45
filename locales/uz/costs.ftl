costs-vat = QQS { $rate } ({ $source })
costs-vat-unknown = QQS: manbalarimizda yoʻq; bojxonadan soʻrang
costs-duty-eaeu = Boj: YeOII ichida yoʻq; QQS xaridorning soliq organiga toʻlanadi
costs-duty-cis = Boj: amaldagi ST-1 boʻlsa yoʻq (MDH ESH); usiz { $rate }
costs-duty-rate = Boj { $rate } ({ $source })
costs-duty-range = Boj { $rate } ({ $source }); toʻliq kod hal qiladi
costs-duty-unknown = Boj: bu kod uchun manbalarimizda yoʻq; bojxonadan soʻrang
costs-excise = Aksiz { $rate } ({ $source })
costs-excise-minimum = bojxona qiymatidan { $rate }, { $minimum }
costs-full-rate = tarifning toʻliq stavkasi
costs-days =
    { $days ->
        [one] { $days } ish kuni
       *[other] { $days } ish kuni
    }
costs-hours =
    { $hours ->
        [one] { $hours } soat
       *[other] { $hours } soat
    }
costs-days-range = { $low }–{ $high } ish kuni
costs-percent-of-value = bojxona qiymatidan { $rate }
costs-free = bepul
detail-fee = Narxi: { $cost } ({ $source })
detail-fee-time = Muddati: { $time } ({ $source })
detail-unpublished-cost = Narxi eʼlon qilinmagan; soʻrang: { $contact }
detail-unpublished-time = Muddati eʼlon qilinmagan; soʻrang: { $contact }
detail-unpublished-both = Narxi va muddati eʼlon qilinmagan; soʻrang: { $contact }
choice-estimate = 💰 Qancha toʻlayman?
est-ask = Tovaringiz qancha turadi? Summa va valyutani yozing, masalan: { $example }
est-unreadable = Summani oʻqiy olmadim. Bunday yozing: { $example }
est-not-positive = Summa noldan katta boʻlishi kerak. Masalan: { $example }
est-absurd = Bir partiya uchun bu juda koʻp. Summani tekshirib, qayta yozing.
est-currency = Qaysi valyutada? Summani quyidagilardan biri bilan yozing: { $currencies }. Masalan: { $example }
est-no-rates = { $currency } ning { $target } ga rasmiy kursi hozircha yoʻq. Quyidagilardan birini ishlating: { $currencies }
est-header = Hisob: { $product }, { $origin } → { $destination }
est-value = Tovar: { $value } = { $customs } ({ $bank } kursi, { $date }: 1 { $from } = { $rate } { $to })
est-line-duty = Boj { $rate }: { $amount }
est-line-vat = QQS { $rate }: { $amount }
est-line-excise = Aksiz { $rate }: { $amount }
est-line-fee = { $what } ({ $rate }): { $amount }
est-total = Jami: { $total } ≈ { $total_her }
est-sources = Manbalar: { $sources }
est-note-eaeu = YeOII ichida boj yoʻq; QQS xaridorning soliq organiga toʻlanadi.
est-note-cis = Amaldagi ST-1 boʻlsa boj yoʻq; usiz tarifning toʻliq stavkasi qoʻllanadi.
est-personal = Shaxsiy foydalanish uchun: { $allowance }
est-excluded = Hisobga kirmadi: { $items }
est-excluded-transport = tashish va sugʻurta
est-excluded-services = broker, ombor va bank yigʻimlari
est-excluded-excise = aksiz
est-excluded-excise-minimum = aksizning bir litr uchun eng kam miqdori, u aksizni oshirishi mumkin (litrlar soniga bogʻliq)
est-excluded-duty = boj (bu kod uchun manbalarimizda yoʻq)
est-excluded-vat = QQS (manbalarimizda yoʻq)
est-excluded-specific = bojning kilogramm uchun qismi
est-excluded-per-kg = kilogramm uchun belgilangan boj (ogʻirlikka bogʻliq)
est-excluded-unpublished = eʼlon qilinmagan yigʻimlar ({ $steps })
rates-header = Rasmiy valyuta kurslari:
rates-line = { $bank } ({ $date }): 1 { $currency } = { $rate } { $base }
rates-none = Rasmiy kurslar hali yoʻq; ular har kuni yuklanadi.
rates-old = Bular oxirgi olingan kurslar, { $date } holatiga.
