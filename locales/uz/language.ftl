language-name = Oʻzbekcha
language-prompt = Tilni tanlang:
language-set = Yaxshi, oʻzbek tilida davom etamiz.
language-unknown = Iltimos, tilni tugmalar orqali tanlang.
