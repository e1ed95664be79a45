kb-problem-source-countries = the source { $source } does not cover { $countries }: cite a source for each country, or list the countries it covers
