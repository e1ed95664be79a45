origin-prompt = { $product }: тауар қай елден шығады?
destination-prompt = { $product }, шығатын ел: { $origin }. Тауар қай елге барады?
country-not-offered = Бұл бағыт бойынша { $country } үшін менде әзірге рәсімдер жоқ. Тізімнен таңдаңыз.
country-unknown = Бұл елді тани алмадым. Тізімнен таңдаңыз.
