# Telefonga qulay suhbat (issue 16).
answer-part-export =
    { $count ->
        [1] 📤 { $country }dan eksport: { $steps }-qadam
       *[other] 📤 { $country }dan eksport: { $steps }-qadamlar
    }
answer-part-crossing =
    { $count ->
        [1] 🛃 Chegarada: { $steps }-qadam
       *[other] 🛃 Chegarada: { $steps }-qadamlar
    }
answer-part-import =
    { $count ->
        [1] 📥 { $country }ga import: { $steps }-qadam
       *[other] 📥 { $country }ga import: { $steps }-qadamlar
    }
answer-documents-count = 📄 Yigʻiladigan hujjatlar: { $count }
answer-posts-short = 🚧 Oʻtkazish punktlari: { $posts }
answer-hint = Qadamlarini koʻrish uchun qismni bosing yoki qadam raqamini yozing.
choice-part-export = 📤 Eksport { $steps }
choice-part-crossing = 🛃 Chegara { $steps }
choice-part-import = 📥 Kiritish { $steps }
choice-more-actions = ⋯ Yana
side-hint = Qadamni bosing: hujjatlar, narxi, muddati va huquqiy asosi.
choice-more = Yana ▶ { $page }/{ $pages }
documents-tick-hint = Hujjat qoʻlingizda boʻlsa, uni bosing: men eslab qolaman.
choice-doc-have = ☑ { $document }
choice-doc-need = ☐ { $document }
product-next-candidates = Unda balki bulardan biridir?
product-generic = «{ $query }» bir necha tovarni oʻz ichiga oladi. Qaysi biri?
report-thanks-short = Rahmat: xabaringiz ismingiz va raqamingizsiz saqlandi.
smalltalk-greeting = Assalomu alaykum! Qaysi tovarni tashishingizni yozing (masalan: oʻrik qoqi, futbolka) yoki tugmani bosing.
smalltalk-thanks = Arzimaydi! Yoʻlingiz oq boʻlsin. Boshqa tovarni istalgan vaqtda yozing.
smalltalk-operator = Men avtomatik yordamchiman: bu chatni odam oʻqimaydi. Har bir qadamning rasmiy tartibini va kimdan soʻrashni koʻrsataman.
smalltalk-operator-expert = Men avtomatik yordamchiman. Odamga yozish uchun javob ostidagi «Mutaxassisga savol» tugmasini bosing.
question-offer = Bu tovar nomi emas, savolga oʻxshaydi.
question-step = Javob yoʻnalishingizning { $number }-qadamida boʻlishi mumkin: { $title }.
question-expert = Savolni mutaxassisga yuborishingiz mumkin.
question-no-route = Tovarni yozing va yoʻnalishni tanlang: har bir qadamda hujjatlar, narxi va muddati bor.
choice-open-step = { $number }-qadam
place-country = { $place }: { $country }.
sentence-need-product = { $origin } → { $destination }: qaysi tovar? Nomini yozing.
