language-name = Türkmençe
language-prompt = Dili saýlaň:
language-set = Bolýar, türkmen dilinde dowam edýäris.
language-unknown = Dili düwmeler bilen saýlaň.
