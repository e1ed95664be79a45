answer-portals = Колдонуудагы эрежелер жана формалар: { $portals }
