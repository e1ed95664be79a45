error-unknown-command = Bu buýrugy bilmeýärin. Näme edip bilýändigimi görmek üçin /help iberiň.
error-stale-choice = Bu düwme öňki habardan. Häzir biz şu ýerde:
error-empty = Harydyň adyny, ýurdy ýazyň ýa-da düwmä basyň.
error-too-long = Habar gaty uzyn. Iň köp { $limit } nyşan iberiň, meselem, diňe harydyň adyny.
error-try-again = Bagyşlaň, häzir jogap berip bilmeýärin. Biraz soňra gaýtadan synanyşyň.
error-apology = Bagyşlaň, meniň tarapymda näsazlyk boldy. Gaýtadan synanyşyň ýa-da täzeden başlamak üçin /new iberiň.
