language-name = Тоҷикӣ
language-prompt = Забонро интихоб кунед:
language-set = Хуб, бо забони тоҷикӣ идома медиҳем.
language-unknown = Лутфан, забонро бо тугмаҳо интихоб кунед.
