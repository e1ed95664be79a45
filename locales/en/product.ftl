product-prompt = What goods do you trade? Type the product name or its HS code (for example: dried apricots, T-shirts, 0813).
product-not-found = I could not find “{ $query }”. Try another word, a shorter name, or the HS code.
product-try-again = Type the product name another way, or its HS code.
product-confirm = Do you mean { $product } (HS { $hs })?
product-pick = Which of these do you mean?
choice-yes = Yes
choice-none = None of these
