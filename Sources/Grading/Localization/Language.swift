/// The language the grader speaks to the student: English or Simplified Chinese.
///
/// Chosen by `--lang zh|en`; without it, by the locale variables in POSIX order of precedence
/// (`LC_ALL`, then `LC_MESSAGES`, then `LANG`: the first one set and not empty decides), so
/// `LANG=zh_CN.UTF-8 swift run grade` reports in Chinese; anything else is English. Machine
/// readable output (JUnit XML, JSON) keeps English keys whatever the language.
package enum Language: String, Sendable, CaseIterable {
    case en, zh

    /// The language an option value names (`zh`, `zh-Hans`, `zh_CN`, `en-US`, ... ), or nil.
    package init?(code: String) {
        let base = code.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == "." || $0 == "@" }).first ?? ""
        guard let language = Language(rawValue: String(base)) else { return nil }
        self = language
    }

    /// `--lang` when given, else the environment's locale, else English.
    package static func chosen(option: Language?, environment: [String: String]) -> Language {
        if let option { return option }
        for variable in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[variable], !value.isEmpty else { continue }
            // The first variable set wins, even when it names a language we do not speak
            // (`LC_ALL=fr_FR.UTF-8` means French, and we fall back to English, not to LANG).
            return Language(code: value) ?? .en
        }
        return .en
    }

    /// The code course.xml uses for this language (`xml:lang`).
    package var courseCode: String { rawValue }
}
