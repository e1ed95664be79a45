language-name = Русский
language-prompt = Выберите язык:
language-set = Хорошо, продолжим на русском.
language-unknown = Пожалуйста, выберите язык кнопкой.
