language-name = Кыргызча
language-prompt = Тилди тандаңыз:
language-set = Макул, кыргызча улантабыз.
language-unknown = Тилди баскычтар менен тандаңыз.
