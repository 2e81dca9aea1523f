extension StopWords {
    /// The built-in Arabic stop list, already folded: pronouns, prepositions, conjunctions,
    /// particles, demonstratives, relatives and interrogatives, auxiliary verbs, and their most
    /// frequent forms with an attached و or ف or a pronoun suffix.
    public static let arabic = StopWords(arabicStopWordGroups.flatMap { $0.split(separator: " ").map(String.init) })
}

/// The built-in list by group, space-separated, in folded spelling.
let arabicStopWordGroups: [String] = [
    // Detached personal pronouns and their object forms.
    "انا نحن انت انتي انتم انتما انتن هو هي هم هما هن اياي ايانا اياك اياكم اياه اياها اياهم اياهما",
    // Prepositions.
    "من الي عن علي في مع حتي منذ مذ خلال عند لدي لدن نحو بين بعد قبل فوق تحت امام خلف وراء دون حول ضد عبر ضمن اثناء سوي غير لدي",
    // Prepositions with an attached pronoun.
    "منه منها منهم منهما منك منكم مني منا عنه عنها عنهم عليه عليها عليهم عليهما عليك عليكم علينا فيه فيها فيهم فيهما فيك فيكم الينا اليه اليها اليهم اليك اليكم له لها لهم لهما لك لكم لنا لي به بها بهم بهما بك بكم معه معها معهم لديه لديها لديهم عنده عندها عندهم بينهم بينها",
    // Conjunctions and connectives.
    "و ف ب ل ك ثم او ام بل لكن ولكن اما اذ اذا اذن كي لكي لان كما بينما لو لولا كلما عندما حين حينما لما مما ممن فيما حيث بحيث كذلك لذلك وكذلك ولذلك هكذا وهكذا ايضا فقط",
    // Particles: negation, emphasis, interrogation, future, vocative, exception.
    "لا لم لن ما قد لقد هل سوف يا الا انما ان انه انها انهم لانه لعل ليت عسي بلي نعم كلا اجل",
    // Demonstratives.
    "هذا هذه هذان هذين هاتان هاتين هولاء هؤلاء ذلك تلك ذلكم اولئك اولاء هناك هنالك هنا ذاك ذا",
    // Relatives and interrogatives.
    "الذي التي الذين اللذان اللتان اللذين اللتين اللاتي اللائي اللواتي ماذا متي اين كيف كم اي ايه ايها لماذا ايان",
    // Quantifiers and other function nouns.
    "كل بعض جميع مثل ذات ذو ذي كلا كلتا نفس عده",
    // Auxiliary and copular verbs.
    "كان كانت كانوا يكون تكون يكونوا اصبح اصبحت صار صارت ليس ليست ليسوا ظل ظلت مازال مازالت لازال بات",
    // Frequent forms with an attached conjunction.
    "وفي ومن وعلي والي وعن ومع وهو وهي وهم وهذا وهذه وذلك وقد ولا ولم ولن وما وان وكان وكانت فان فقد فلا فما فهو فهي وكل ولقد وبين وبعد وقبل وحتي واذا ولكن وعند",
]
