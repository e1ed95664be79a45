language-name = English
language-prompt = Choose your language:
language-set = OK, we will continue in English.
language-unknown = Please choose a language with the buttons.
