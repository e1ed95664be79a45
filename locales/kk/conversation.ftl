# Телефонға ыңғайлы сөйлесу (issue 16).
answer-part-export =
    { $count ->
        [1] 📤 { $country } елінен экспорт: { $steps }-қадам
       *[other] 📤 { $country } елінен экспорт: { $steps } қадамдар
    }
answer-part-crossing =
    { $count ->
        [1] 🛃 Шекарада: { $steps }-қадам
       *[other] 🛃 Шекарада: { $steps } қадамдар
    }
answer-part-import =
    { $count ->
        [1] 📥 { $country } еліне импорт: { $steps }-қадам
       *[other] 📥 { $country } еліне импорт: { $steps } қадамдар
    }
answer-documents-count = 📄 Жинайтын құжаттар: { $count }
answer-posts-short = 🚧 Өткізу пункттері: { $posts }
answer-hint = Қадамдарын көру үшін бөлімді басыңыз немесе қадам нөмірін жазыңыз.
choice-part-export = 📤 Экспорт { $steps }
choice-part-crossing = 🛃 Шекара { $steps }
choice-part-import = 📥 Импорт { $steps }
choice-more-actions = ⋯ Тағы
side-hint = Қадамды басыңыз: құжаттар, құны, мерзімі және құқықтық негізі.
choice-more = Тағы ▶ { $page }/{ $pages }
documents-tick-hint = Құжат қолыңызда болса, оны басыңыз: мен есте сақтаймын.
choice-doc-have = ☑ { $document }
choice-doc-need = ☐ { $document }
product-next-candidates = Онда мыналардың бірі шығар?
product-generic = «{ $query }» бірнеше тауарды қамтиды. Қайсысы?
report-thanks-short = Рақмет: хабарламаңыз атыңызсыз және нөміріңізсіз сақталды.
smalltalk-greeting = Сәлеметсіз бе! Қандай тауар тасымалдайтыныңызды жазыңыз (мысалы: кептірілген өрік, футболка) немесе батырманы басыңыз.
smalltalk-thanks = Оқасы жоқ! Жолыңыз болсын. Басқа тауарды кез келген уақытта жаза беріңіз.
smalltalk-operator = Мен автоматты көмекшімін: бұл чатты адам оқымайды. Әр қадамның ресми тәртібін және кімнен сұрау керегін көрсетемін.
smalltalk-operator-expert = Мен автоматты көмекшімін. Адамға жазу үшін жауаптың астындағы «Сарапшыдан сұрау» батырмасын басыңыз.
question-offer = Бұл тауар атауы емес, сұраққа ұқсайды.
question-step = Жауабы бағытыңыздың { $number }-қадамында болуы мүмкін: { $title }.
question-expert = Сұрақты сарапшыға жіберуге болады.
question-no-route = Тауарды жазып, бағытты таңдаңыз: әр қадамда құжаттар, құны және мерзімі бар.
choice-open-step = { $number }-қадам
place-country = { $place }: { $country }.
sentence-need-product = { $origin } → { $destination }: қандай тауар? Атауын жазыңыз.
