welcome = Salam! Men Merkezi Aziýanyň serhetlerinden haryt geçirýän söwdagärlere kömek edýärin: her ädim üçin resminamalar, edaralar, çykdajylar we kanuny esas.
help =
    Harydyň adyny ýazyň (islendik dilde ýa-da onuň HS kodyny), soňra haryt haýsy ýurtdan haýsy ýurda gidýändigini saýlaň. Her ädimi resminamalary, edarasy we kanuny esasy bilen görkezýärin.
    /new – täze gözleg
    /language – dili çalyşmak
    /border – serhetde kömek: hukuklaryňyz we näme etmeli
    /rates – ugruňyz üçin resmi walýuta hümmetleri
    /forget – siz barada saklaýan ähli maglumatlarymy pozmak
