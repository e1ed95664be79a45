product-prompt = Siz haýsy haryt bilen söwda edýärsiňiz? Harydyň adyny ýa-da HS kodyny ýazyň (meselem: kakadylan erik, futbolka, 0813).
product-not-found = “{ $query }” tapylmady. Başga söz, has gysga at ýa-da HS kody bilen synanyşyň.
product-try-again = Harydyň adyny başgaça ýazyň ýa-da HS kodyny iberiň.
product-confirm = Şu harytmy: { $product } (HS { $hs })?
product-pick = Bulardan haýsysy gerek?
choice-yes = Hawa
choice-none = Bularyň hiç biri
