/// Small word lists written for Dateline (not derived from third-party data), committed with the code.
///
/// Every entry is lower case; multi-word entries are space-separated token sequences as the tokeniser
/// lower-cases them (so `al-qaeda` and `al qaeda` are different keys).
enum BuiltinLexicon {
    /// Words that end abbreviations, so that a following dot does not end the sentence.
    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "capt", "sgt", "maj", "adm", "cmdr", "sen", "rep",
        "gov", "st", "mt", "ft", "jr", "sr", "no", "vs", "inc", "corp", "co", "ltd", "jan", "feb", "mar", "apr",
        "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "rev", "hon", "fr", "pres", "supt", "insp", "det",
        "u.s", "e.g", "i.e", "approx", "est", "dept", "univ", "ave", "blvd", "rd",
    ]

    /// Title and honorific heads: a proper name right after one is a person.
    static let titleHeads: Set<String> = [
        "president", "vice-president", "president-elect", "minister", "secretary", "secretary-general",
        "spokesperson", "spokesman", "spokeswoman", "coordinator", "ambassador", "envoy", "director",
        "director-general", "chairman", "chairwoman", "chair", "chief", "ceo", "cfo", "coo", "cto", "governor",
        "senator", "sen", "rep", "representative", "congressman", "congresswoman", "mayor", "gen", "general",
        "colonel", "col", "lieutenant", "lt", "maj", "captain", "capt", "commander", "admiral", "adm", "sergeant",
        "sgt", "judge", "justice", "attorney", "prosecutor", "king", "queen", "prince", "princess", "pope",
        "cardinal", "bishop", "archbishop", "rabbi", "imam", "sheikh", "cleric", "dr", "mr", "mrs", "ms", "miss",
        "sir", "dame", "lord", "lady", "professor", "prof", "chancellor", "premier", "commissioner", "inspector",
        "superintendent", "detective", "constable", "officer", "leader", "founder", "co-founder", "treasurer",
        "manager", "analyst", "economist", "editor", "correspondent", "coach", "counsel", "advisor", "adviser",
        "strategist", "chairperson", "head", "emir", "sultan", "president", "marshal", "brigadier", "major-general",
        "lieutenant-general", "undersecretary", "under-secretary", "speaker", "whip", "solicitor", "magistrate",
        "sheriff", "deputy", "rev", "reverend", "mp", "mep", "attorney-general", "surgeon-general", "father", "sister",
        "brother", "ayatollah", "mullah", "crown",
        "gov", "pres", "supt", "insp", "det", "hon", "cmdr", "member",
    ]

    /// Last words of the names of laws, treaties and agreements ("Paris Agreement", "Patriot Act").
    static let documentHeads: Set<String> = [
        "agreement", "accord", "accords", "treaty", "convention", "protocol", "act", "pact", "charter", "declaration",
        "doctrine", "amendment", "directive", "resolution",
    ]

    /// Honours and post-nominal letters written after a name ("Sonia Livingstone OBE"): not part of it.
    static let postNominals: Set<String> = [
        "obe", "mbe", "cbe", "kbe", "dbe", "gbe", "qc", "kc", "mp", "msp", "mep", "phd", "frs", "esq", "rn",
    ]

    /// Words that modify a title head ("Principal Deputy Spokesperson", "Foreign Minister").
    static let titleModifiers: Set<String> = [
        "principal", "deputy", "senior", "vice", "assistant", "associate", "acting", "former", "foreign", "prime",
        "interior", "defence", "defense", "finance", "home", "special", "national", "security", "chief", "executive",
        "general", "managing", "first", "field", "grand", "supreme", "high", "under", "permanent", "additional",
        "joint", "press", "communications", "trade", "health", "education", "energy", "environment", "state",
        "opposition", "party", "parliamentary", "majority", "minority", "district", "federal", "regional",
        "provincial", "county", "police", "army", "military", "intelligence", "economic", "financial", "technology",
        "operating", "information", "marketing", "legal", "news", "political", "foreign-affairs", "labour", "labor",
        "justice", "treasury", "transport", "agriculture", "commerce", "culture", "sports", "attorney", "lead",
        "top", "retired", "then", "new", "interim", "caretaker", "honorary", "co", "affairs", "counterterrorism",
    ]

    /// Last words that make a capitalised phrase an organisation.
    static let orgHeads: Set<String> = [
        "department", "ministry", "party", "council", "commission", "committee", "agency", "bank", "army", "corps",
        "front", "movement", "university", "college", "school", "institute", "institution", "foundation",
        "association", "federation", "union", "league", "organisation", "organization", "company", "co", "corp",
        "corporation", "inc", "ltd", "llc", "plc", "llp", "ag", "gmbh", "sa", "group", "holdings", "partners",
        "capital", "fund", "trust", "airlines", "airways", "motors", "industries", "technologies", "systems", "labs",
        "media", "network", "news", "times", "post", "journal", "herald", "tribune", "telegraph", "press", "police",
        "court", "office", "bureau", "service", "services", "forces", "force", "navy", "guard", "administration",
        "authority", "board", "exchange", "hospital", "church", "club", "society", "assembly", "parliament",
        "congress", "senate", "government", "cabinet", "mission", "brigade", "battalion", "regiment", "command",
        "tribunal", "directorate", "secretariat", "alliance", "coalition", "consortium", "centre", "center",
        "laboratory", "laboratories", "studios", "entertainment", "pharmaceuticals", "energy", "petroleum", "oil",
        "enterprises", "ventures", "investments", "securities", "insurance", "bancorp", "financial", "communications",
        "telecom", "foods", "brands", "stores", "magazine", "gazette", "broadcasting", "radio", "television", "tv",
        "channel", "agency", "reserve", "academy", "coalition", "cooperative", "commissioner", "caucus", "taskforce",
        "brotherhood", "jihad", "mujahideen", "militia", "rebels", "fc", "united", "observatory", "watch",
        "international", "worldwide", "global", "resources", "daily", "weekly", "conference",
        "centers", "centres", "institutes", "associations", "unions", "councils", "committees", "agencies", "mining",
        "chemicals", "electric", "steel",
        "embassy", "consulate", "associates", "ab", "kk", "lp", "nv", "pty", "limited", "railways", "railway",
        "logistics", "aerospace", "pharma", "constabulary",
    ]

    /// Last words of the names of buildings, facilities and built places ("Johnson Space Center", "Tower
    /// Bridge", "Union Station"): places, not organisations, even where an organisation runs them.
    static let facilityHeads: Set<String> = [
        "museum", "gallery", "airport", "airfield", "station", "bridge", "tunnel", "cathedral",
        "basilica", "chapel", "temple", "mosque", "synagogue", "shrine", "abbey", "monastery", "priory", "castle",
        "palace", "fortress", "citadel", "tower", "towers", "lighthouse", "stadium", "arena", "coliseum", "theatre",
        "theater", "amphitheatre", "amphitheater", "hall", "market", "bazaar", "mall", "plaza",
        "square", "street", "avenue", "road", "lane", "boulevard", "highway", "motorway", "parkway", "hotel", "inn",
        "resort", "zoo", "aquarium", "garden", "gardens", "cemetery", "memorial", "monument", "pier", "wharf",
        "marina", "pavilion", "house", "building", "reserve", "sanctuary",
    ]

    /// Words before "Centre"/"Center" that make it a building ("Visitor Centre", "Space Center"): a centre
    /// named otherwise is usually an institution ("Centre for Policy Studies", "Wellcome Centre").
    static let facilityCentreKinds: Set<String> = [
        "community", "visitor", "visitors", "shopping", "science", "space", "convention", "exhibition",
        "information", "leisure", "sports", "detention", "civic", "arts", "heritage", "garden", "aquatic",
        "conference", "events", "cultural", "tourist",
    ]

    /// First words that make "X of Y" a building or a built place ("Museum of Fine Arts", "Palace of Justice").
    static let facilityOfHeads: Set<String> = [
        "museum", "gallery", "cathedral", "basilica", "chapel", "temple", "abbey", "castle", "palace", "tower",
        "bridge",
    ]

    /// First words that make "X of Y" an organisation ("Bank of England", "University of Texas").
    static let orgOfHeads: Set<String> = [
        "university", "bank", "ministry", "department", "institute", "office", "college", "board", "bureau", "house",
        "church", "court", "council", "league", "federation", "association", "union", "organisation", "organization",
        "commission", "committee", "school", "academy", "chamber", "society", "order", "party", "army",
        "federal", "national", "central", "centre", "center", "centers", "centres", "institutes", "foundation",
        "coalition", "alliance", "campaign", "fund", "agency", "conference", "bureau", "service", "council",
        "embassy", "consulate", "government", "parliament", "secretariat", "tribunal", "authority", "corporation",
        "bank", "directorate", "division", "institution",
    ]

    /// Well-known organisations that carry no organisation head word.
    static let organisations: Set<String> = [
        "united nations", "un", "u.n.", "nato", "european union", "eu", "e.u.", "taliban", "al qaeda", "al-qaeda",
        "al qaida", "al-qaida", "islamic state", "isis", "isil", "daesh", "hamas", "hezbollah", "hizbollah", "pentagon",
        "kremlin", "white house", "congress", "senate", "house", "parliament", "state department", "cia", "fbi", "nsa",
        "imf", "world bank", "who", "wto", "opec", "reuters", "ap", "afp", "bbc", "cnn", "google", "apple", "microsoft",
        "amazon", "facebook", "twitter", "yahoo", "meta", "nasa", "interpol", "europol", "unicef", "unesco", "unhcr",
        "red cross", "red crescent", "greenpeace", "amnesty international", "human rights watch", "wikileaks", "labour",
        "tories", "nyse", "nasdaq", "fifa", "uefa", "ioc", "g7", "g20", "asean", "african union", "arab league",
        "olympics", "bloomberg", "xinhua", "al jazeera", "fox news", "nbc", "abc", "cbs", "pbs", "npr",
        "downing street", "whitehall", "scotland yard", "mossad", "kgb", "fsb", "politburo", "knesset", "duma",
        "bundestag", "ecb", "fed", "federal reserve", "treasury", "sec", "fcc", "ftc", "faa", "epa", "dhs", "doj",
        "ira", "plo", "anc", "snp", "ukip", "gop", "boko haram", "al-shabab", "al shabaab", "al-shabaab",
        "lashkar-e-taiba", "jaish-e-mohammed", "haqqani network", "supreme court", "high court", "justice department",
        "home office", "foreign office", "boeing", "airbus", "tesla", "netflix", "ibm", "intel", "samsung", "sony",
        "toyota", "volkswagen", "shell", "bp", "exxon", "exxonmobil", "chevron", "walmart", "alibaba", "tencent",
        "huawei", "uber", "oracle", "cisco", "android", "youtube", "instagram", "whatsapp", "linkedin", "spotify",
        "paypal", "ebay", "pfizer", "moderna", "nhs", "oecd", "eurostat", "opcw", "iaea", "icc", "icj", "osce",
        "ecowas", "sco", "brics", "mercosur", "hizbul mujahideen", "houthis", "houthi", "irgc", "pkk", "ypg", "sdf",
        "farc", "eta", "tass", "ria novosti", "itar-tass", "dpa", "ansa", "efe", "kyodo", "yonhap", "upi", "pti",
        "ians", "ani", "fda", "cdc", "nih", "dea", "atf", "fema", "irs", "tsa", "usda", "ntsb", "nhtsa", "osha", "dod",
        "mi5", "mi6", "gchq", "nypd", "lapd", "aclu", "naacp", "nra", "unrwa", "undp", "unep", "wfp", "icrc", "msf",
        "gm", "ge", "hsbc", "ubs", "jpmorgan", "jp morgan", "goldman sachs", "morgan stanley", "citigroup", "barclays",
        "lloyds", "deutsche bank", "credit suisse", "volvo", "adobe", "dropbox", "reddit", "wechat", "alipay",
        "verizon", "at&t", "nissan", "honda", "hyundai", "siemens", "bayer", "nestle", "unilever", "ikea", "starbucks",
        "mcdonald's", "coca-cola", "pepsico", "disney", "cnbc", "msnbc", "hbo", "espn", "itv", "sky news",
        "associated press", "agence france-presse", "adidas", "nike", "wikipedia", "kuomintang", "likud", "fatah",
        "bjp", "medicare", "medicaid",
    ]

    /// Wire services that may stand in a dateline: `ISLAMABAD (Reuters) -`.
    static let wireAgencies: Set<String> = [
        "reuters", "ap", "afp", "dpa", "xinhua", "pti", "app", "ians", "upi", "ani", "efe", "ansa", "bloomberg",
        "tass", "itar-tass", "kyodo", "yonhap", "bernama", "aap", "cp", "cnn", "bbc", "ria", "anadolu", "wam",
        "spa", "irna", "kuna", "mena", "ips", "nyt", "reuter",
    ]

    /// Groups (religious, political, ethnic, regional) that are NORP besides the demonym table.
    static let groups: Set<String> = [
        "muslim", "muslims", "christian", "christians", "jewish", "jew", "jews", "hindu", "hindus", "buddhist",
        "buddhists", "sikh", "sikhs", "catholic", "catholics", "protestant", "protestants", "sunni", "sunnis",
        "shia", "shias", "shiite", "shiites", "shi'ite", "republican", "republicans", "democrat", "democrats",
        "democratic", "communist", "communists", "socialist", "socialists", "islamist", "islamists", "arab",
        "arabs", "kurd", "kurds", "kurdish", "european", "europeans", "western", "westerners", "asian", "asians",
        "african", "africans", "latino", "latinos", "hispanic", "hispanics", "palestinian", "palestinians",
        "zionist", "zionists", "baloch", "pashtun", "pashtuns", "evangelical", "evangelicals", "orthodox",
        "soviet", "nazi", "nazis", "marxist", "jihadist", "jihadists", "islamic", "english", "welsh", "scots",
        "scottish", "irish", "tory", "conservatives", "liberals", "labourite", "uighur", "uighurs", "uyghur",
        "uyghurs", "rohingya", "tamil", "tamils", "yazidi", "yazidis", "alawite", "druze", "maori", "aboriginal",
        "bolshevik", "salafist", "wahhabi", "mormon", "mormons", "lutheran", "anglican", "baptist",
        "methodist", "quaker", "chechen", "chechens", "tajik", "uzbek", "hazara", "punjabi", "sindhi", "bengali",
        "catalan", "basque", "flemish", "walloon", "cossack", "mexican-american", "african-american",
        "african-americans", "latin american", "north korean", "south korean", "north koreans", "south koreans",
    ]

    /// Last words that make a place phrase a non-political location.
    static let locationHeads: Set<String> = [
        "river", "mountains", "mountain", "sea", "ocean", "lake", "bay", "gulf", "coast", "valley", "island",
        "islands", "peninsula", "desert", "strait", "straits", "canal", "basin", "forest", "range", "plateau",
        "delta", "hills", "highlands", "glacier", "reef", "channel", "sound", "creek", "falls", "park", "beach",
        "harbour", "harbor", "cape", "peak", "ridge", "heights", "plains", "steppe", "archipelago", "rim",
    ]

    /// Last words that make a place phrase a political entity: "Khyber Pakhtunkhwa province".
    static let politicalPlaceHeads: Set<String> = [
        "province", "district", "county", "prefecture", "governorate", "municipality", "borough", "territory",
        "oblast", "canton", "emirate", "republic", "kingdom", "state", "city", "town", "village", "region",
        "commune", "township", "parish", "shire", "department", "voivodeship", "voivodship", "arrondissement",
    ]

    /// Non-political places that the geography tables file under countries or miss.
    static let locations: Set<String> = [
        "middle east", "mideast", "europe", "asia", "africa", "gulf", "pacific", "atlantic", "arctic", "antarctic",
        "antarctica", "mediterranean", "caribbean", "balkans", "sahara", "himalayas", "alps", "andes",
        "southeast asia", "south-east asia", "south asia", "central asia", "east asia", "latin america",
        "north america", "south america", "central america", "sub-saharan africa", "horn of africa",
        "persian gulf", "red sea", "black sea", "baltic", "scandinavia", "silicon valley", "earth", "americas",
        "west", "east", "north", "south", "midwest", "oceania", "eurasia", "levant", "maghreb", "sahel", "caucasus",
        "amazon", "indian ocean", "pacific ocean", "atlantic ocean", "south china sea", "east china sea",
        "korean peninsula", "gaza strip", "sinai", "kashmir", "tibet", "siberia", "patagonia", "outback",
        "eastern europe", "western europe", "northern europe", "southern europe", "central europe",
        "west africa", "east africa", "north africa", "southern africa", "central africa", "western australia",
        "south australia", "northern territory", "new south wales", "queensland", "tasmania",
    ]

    /// Words that may join capitalised words inside a name ("Bank of England", "Osama bin Laden").
    static let nameConnectors: Set<String> = [
        "of", "de", "del", "della", "da", "der", "den", "van", "von", "bin", "ibn", "al", "el", "la", "le", "du",
        "dos", "das", "y", "&", "and", "for", "on", "the", "ul", "ud",
    ]

    /// Reporting verbs that attribute speech (all inflections that news uses).
    static let speechVerbs: Set<String> = [
        "said", "says", "say", "saying", "told", "tells", "tell", "added", "adds", "add", "stated", "explained",
        "explains", "noted", "notes", "asked", "asks", "replied", "replies", "answered", "insisted", "insists",
        "argued", "argues", "warned", "warns", "claimed", "claims", "confirmed", "confirms", "denied", "denies",
        "announced", "announces", "declared", "declares", "wrote", "writes", "tweeted", "tweets", "posted",
        "recalled", "recalls", "continued", "continues", "acknowledged", "acknowledges", "admitted", "admits",
        "suggested", "suggests", "stressed", "stresses", "emphasised", "emphasized", "urged", "urges",
        "commented", "remarked", "observed", "testified", "conceded", "predicted", "cautioned", "responded",
        "shouted", "whispered", "joked", "concluded", "agreed", "complained", "complains", "reiterated",
        "maintained", "maintains", "countered", "added", "boasted", "vowed", "promised", "pledged", "revealed",
        "reported", "estimated", "believes", "thinks", "thought", "felt", "feels", "describes", "described",
        "according", "quoted", "quipped", "exclaimed", "sighed", "laughed", "pointed", "went", "goes", "begged",
        "pleaded", "demanded", "announced", "explained", "mused", "wondered", "asserted", "alleged", "charged",
        "remembers", "remembered", "observes", "laments", "lamented", "cautions", "concedes", "stresses", "replied",
        "adding", "telling", "noting", "warning", "insisting", "arguing", "explaining", "asking", "declaring",
        "interjected", "interrupted", "retorted", "snapped", "screamed", "yelled", "cried", "proclaimed", "reports",
        "states", "counters", "blogged", "rejoined", "speaking", "commenting",
    ]

    /// Nouns that describe a person who speaks: "the official said", "the spokesman added".
    static let personDescriptions: Set<String> = [
        "official", "spokesman", "spokeswoman", "spokesperson", "minister", "president", "secretary", "diplomat",
        "officer", "chief", "director", "ambassador", "envoy", "leader", "senator", "governor", "mayor", "general",
        "commander", "source", "analyst", "expert", "lawyer", "attorney", "judge", "prosecutor", "executive",
        "chairman", "chairwoman", "man", "woman", "prime", "premier", "king", "queen", "coordinator", "professor",
        "doctor", "researcher", "scientist", "economist", "founder", "ceo", "manager", "pm", "candidate", "lawmaker",
        "legislator", "congressman", "congresswoman", "representative", "author", "actor", "singer", "player",
        "coach", "witness", "resident", "victim", "survivor", "father", "mother", "son", "daughter", "boy", "girl",
        "teacher", "student", "worker", "pilot", "soldier", "police", "policeman", "sheriff", "inspector",
        "activist", "campaigner", "organiser", "organizer", "advocate", "protester", "forecaster", "adviser",
        "advisor", "aide", "strategist", "consultant", "historian", "journalist", "reporter", "editor", "columnist",
        "writer", "owner", "farmer", "nurse", "physician", "surgeon", "negotiator", "commentator", "pollster",
        "banker", "trader", "investor", "broker", "engineer", "psychologist", "scholar", "academic", "lecturer",
        "firefighter", "paramedic", "councillor", "councilman", "councilwoman", "wife", "husband", "friend",
        "neighbour", "neighbor", "passenger", "fan", "voter", "villager", "refugee", "migrant", "employee",
        "spokesperson", "strategist", "planner", "designer", "architect", "chef", "artist", "musician", "mp",
    ]

    /// Short English function words: keyword and chunk boundaries, language detection.
    static let stopWords: Set<String> = [
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as",
        "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could",
        "did", "do", "does", "doing", "down", "during", "each", "even", "ever", "every", "few", "for", "from",
        "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his",
        "how", "however", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "least", "less", "like",
        "many", "may", "me", "might", "more", "most", "much", "must", "my", "myself", "no", "nor", "not", "now",
        "of", "off", "on", "once", "one", "only", "or", "other", "others", "our", "ours", "ourselves", "out", "over",
        "own", "per", "rather", "same", "she", "should", "since", "so", "some", "still", "such", "than", "that",
        "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those",
        "through", "thus", "to", "too", "under", "until", "up", "upon", "us", "very", "via", "was", "we", "were",
        "what", "when", "where", "whether", "which", "while", "who", "whom", "whose", "why", "will", "with",
        "within", "without", "would", "yet", "you", "your", "yours", "yourself", "'s", "said", "says", "mr", "mrs",
        "ms", "new", "year", "years", "told", "last", "week", "time", "two", "three", "first", "according",
        "around", "among", "another", "across", "already", "although", "always", "back", "made", "make", "well",
        "get", "got", "go", "going", "way", "including", "around", "put", "several", "upon", "don't", "it's",
        "i'm", "can't", "won't", "didn't", "isn't", "wasn't", "doesn't", "that's", "there's", "we're", "they're",
    ]

    /// Pronouns that can stand for a person speaker.
    static let personPronouns: Set<String> = ["he", "she"]

    /// Month names and abbreviations to month numbers.
    static let months: [String: Int] = [
        "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
        "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4,
        "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    ]

    /// Weekday names to ISO weekday numbers (Monday = 1).
    static let weekdays: [String: Int] = [
        "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7,
    ]

    /// Spelled-out numbers.
    static let numberWords: [String: Double] = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
        "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
        "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12, "dozens": 12,
        "hundreds": 100, "thousands": 1000, "millions": 1_000_000, "a": 1,
    ]

    /// Multipliers that follow a number.
    static let scales: [String: Double] = [
        "hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000,
        "trillion": 1_000_000_000_000, "bn": 1_000_000_000, "m": 1_000_000, "k": 1000, "mln": 1_000_000,
        "dozen": 12,
    ]

    /// Approximation qualifiers before a number, as token sequences.
    static let qualifiers: [[String]] = [
        ["at", "least"], ["at", "most"], ["more", "than"], ["less", "than"], ["fewer", "than"], ["up", "to"],
        ["as", "many", "as"], ["as", "much", "as"], ["nearly"], ["almost"], ["about"], ["around"], ["some"],
        ["roughly"], ["approximately"], ["over"], ["under"], ["just", "over"], ["just", "under"], ["close", "to"],
        ["an", "estimated"], ["only"], ["at", "leat"],
    ]

    /// Units and currency words that a number may carry.
    static let units: Set<String> = [
        "percent", "per", "%", "km", "kilometres", "kilometers", "kilometre", "kilometer", "miles", "mile", "metres",
        "meters", "metre", "meter", "kg", "kilograms", "tonnes", "tons", "tonne", "ton", "pounds", "dollars",
        "euros", "yen", "yuan", "rupees", "barrels", "bpd", "hours", "hour", "minutes", "seconds", "days", "weeks",
        "months", "years", "feet", "foot", "inches", "acres", "hectares", "litres", "liters", "gallons", "mph",
        "degrees", "cents", "pence", "points", "shares", "mw", "gw", "mb", "gb", "tb",
    ]

    /// Currency symbols that prefix an amount.
    static let currencySymbols: [Unicode.Scalar: String] = [
        "$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR", "₽": "RUB", "₩": "KRW",
    ]
}
