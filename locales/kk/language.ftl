language-name = Қазақша
language-prompt = Тілді таңдаңыз:
language-set = Жақсы, қазақ тілінде жалғастырамыз.
language-unknown = Тілді батырмалар арқылы таңдаңыз.
