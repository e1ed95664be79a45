answer-portals = Қоидаҳо ва шаклҳои амалкунанда: { $portals }
