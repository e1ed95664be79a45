choice-subscribe = 🔔 Obuna boʻlish
choice-unsubscribe = 🔕 Obunadan chiqish
choice-unsubscribe-n = 🔕 Bekor qilish: { $n }
choice-helpful-yes = 👍 Foydali
choice-helpful-no = 👎 Yordam bermadi
choice-expert = 💬 Mutaxassisga savol
subscribe-done = { $flow } boʻyicha tartib oʻzgarsa, sizga xabar beraman. Bildirishnomalarni koʻrish yoki toʻxtatish uchun /subscriptions yuboring.
subscribe-limit = Siz allaqachon { $limit } ta yoʻnalishni kuzatyapsiz, bu eng koʻpi. Avval ulardan birini toʻxtating (/subscriptions).
unsubscribe-done = { $flow } boʻyicha bildirishnomalar toʻxtatildi.
subscriptions-none = Siz hozircha hech qanday yoʻnalishni kuzatmayapsiz. Javobdan keyin “Obuna boʻlish” tugmasini bosing.
subscriptions-list =
    { $count ->
        [one] Siz shu yoʻnalishni kuzatyapsiz:
       *[other] Siz shu { $count } ta yoʻnalishni kuzatyapsiz:
    }
feedback-thanks = Rahmat! Javobingiz bizga yaxshilanishga yordam beradi.
feedback-ask-comment = Yordam bermaganidan afsusdamiz. Nima yetishmadi? Bir necha soʻz bilan yozing (koʻpi bilan { $limit } ta belgi) yoki “Oʻtkazib yuborish” tugmasini bosing.
expert-ask = Mutaxassis uchun savolingizni yozing (koʻpi bilan { $limit } ta belgi). Yoʻnalish: { $flow }. Javob shu yerga keladi.
expert-sent = Savolingiz mutaxassisga yuborildi. Javob shu chatga keladi.
expert-forward =
    Savol #{ $id } (til: { $lang }; yoʻnalish: { $flow })
    { $question }

    Tadbirkorga javob berish uchun shu xabarga javob yozing.
expert-answer = Savolingizga mutaxassis javobi:
    { $answer }
expert-delivered = #{ $id } savolga javob savdogarga yuborilmoqda.
expert-unknown-question = #{ $id } savol yoʻq.
