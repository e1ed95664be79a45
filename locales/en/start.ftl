welcome = Hello! I help traders with the procedures for moving goods across the borders of Central Asia: documents, agencies, costs and the law behind each step.
help =
    Type a product (in any language, or its HS code), then choose where the goods go from and to. I show each step with its documents, agency and legal basis.
    /new – new search
    /language – change language
    /border – help at the border: your rights and what to do
    /rates – official exchange rates for your route
    /forget – delete everything I keep about you
