# Phone-first conversation (issue 16): the short answer, its parts, pagers, small talk.
answer-part-export =
    { $count ->
        [1] 📤 Export from { $country }: step { $steps }
       *[other] 📤 Export from { $country }: steps { $steps }
    }
answer-part-crossing =
    { $count ->
        [1] 🛃 At the border: step { $steps }
       *[other] 🛃 At the border: steps { $steps }
    }
answer-part-import =
    { $count ->
        [1] 📥 Import into { $country }: step { $steps }
       *[other] 📥 Import into { $country }: steps { $steps }
    }
answer-documents-count = 📄 Documents to gather: { $count }
answer-posts-short = 🚧 Crossings: { $posts }
answer-hint = Tap a part to see its steps, or type a step number.
choice-part-export = 📤 Export { $steps }
choice-part-crossing = 🛃 Border { $steps }
choice-part-import = 📥 Import { $steps }
choice-more-actions = ⋯ More
side-hint = Tap a step for its documents, cost, time and legal basis.
choice-more = More ▶ { $page }/{ $pages }
documents-tick-hint = Tap a document when you have it: I will remember.
choice-doc-have = ☑ { $document }
choice-doc-need = ☐ { $document }
product-next-candidates = Then maybe one of these?
product-generic = “{ $query }” covers several goods. Which one?
report-thanks-short = Thank you: your report is saved without your name or number.
smalltalk-greeting = Hello! Type the goods you trade (for example: dried apricots, T-shirts), or tap a button.
smalltalk-thanks = You are welcome! Safe travels. Type another product any time.
smalltalk-operator = I am an automatic helper: no person reads this chat. I show the official procedure for each step and whom to ask.
smalltalk-operator-expert = I am an automatic helper. Under an answer, tap “Ask an expert” to write to a person.
question-offer = That looks like a question, not a product name.
question-step = It may be answered in step { $number } of your route: { $title }.
question-expert = You can send the question to an expert.
question-no-route = Type the goods and choose the route: each step shows its documents, cost and time.
choice-open-step = Step { $number }
place-country = { $place }: { $country }.
sentence-need-product = { $origin } → { $destination }: which goods? Type the product.
