error-unknown-command = Bunday buyruqni bilmayman. Nima qila olishimni koʻrish uchun /help yuboring.
error-stale-choice = Bu tugma oldingi xabardan. Hozir biz shu yerdamiz:
error-empty = Iltimos, tovar nomini, davlatni yozing yoki tugmani bosing.
error-too-long = Xabar juda uzun. Iltimos, koʻpi bilan { $limit } ta belgi yuboring, masalan, faqat tovar nomini.
error-try-again = Kechirasiz, hozir javob bera olmayman. Birozdan keyin qayta urinib koʻring.
error-apology = Kechirasiz, men tomonda nimadir xato ketdi. Qayta urinib koʻring yoki boshidan boshlash uchun /new yuboring.
