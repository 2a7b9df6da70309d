import JSON
/// How the records of a file become examples: which fields hold the text, the label and the id,
/// how the text is tokenised, and how labels map to 0 and 1.
struct ExampleReader: Sendable {
    var textField = "text"
    var labelField = "label"
    /// The field naming each example; without one, an example is named "file:line".
    var idField = "id"
    var tokenizer = Tokenizer.whitespace
    /// Label values (as written in the file) to 0 or 1; nil accepts 0/1, "0"/"1" and booleans.
    var labels: [String: Int]?
    /// A further field each draft keeps, such as J&W's `jw_keep`.
    var flagField: String?

    /// An example read but not yet encoded, because the vocabulary may be fitted on it.
    struct Draft {
        let id: String
        let text: String
        let label: Int
        let tokens: [String]
        /// The value of `flagField`, if the reader has one and the record holds it.
        let flag: JSONValue?

        func encoded(with vocabulary: Vocabulary, tokenizer: Tokenizer) -> Example {
            Example(id: id, text: text, label: label, ids: vocabulary.encode(tokens), tokenizer: tokenizer)
        }
    }

    /// The drafts of the records of `path`, in order.
    func read(_ path: String, format: RecordFormat) throws -> [Draft] {
        var drafts: [Draft] = []
        let name = path.split(separator: "/").last.map(String.init) ?? path
        try forEachRecord(in: path, format: format) { record in
            guard let value = record.fields[textField] else {
                throw DataError.at(path, line: record.line, "no field '\(textField)' (fields: \(record.fields.keys.sorted().joined(separator: ", ")); choose one with text=)")
            }
            guard case .string(let text) = value else {
                throw DataError.at(path, line: record.line, "field '\(textField)' must be a string, got \(value.kindName)")
            }
            let label = try self.label(of: record, in: path)
            let id: String = switch record.fields[idField] {
            case .string(let id)?: id
            case .number(let id)?: id == id.rounded() && abs(id) < 1e15 ? String(Int(id)) : String(id)
            default: "\(name):\(record.line)"
            }
            drafts.append(Draft(id: id, text: text, label: label, tokens: tokenizer.tokens(text),
                                flag: flagField.flatMap { record.fields[$0] }))
        }
        return drafts
    }

    /// The record's label as 0 or 1.
    private func label(of record: Record, in path: String) throws -> Int {
        guard let value = record.fields[labelField] else {
            throw DataError.at(path, line: record.line, "no field '\(labelField)' (fields: \(record.fields.keys.sorted().joined(separator: ", ")); choose one with label=)")
        }
        let written: String? = switch value {
        case .string(let text): text
        case .number(let number) where number == number.rounded() && abs(number) < 1e15: String(Int(number))
        case .number(let number): String(number)
        case .bool(let flag): String(flag)
        default: nil
        }
        guard let written else {
            throw DataError.at(path, line: record.line, "label must be a number, string or boolean, got \(value.kindName)")
        }
        if let labels {
            guard let label = labels[written] else {
                throw DataError.at(path, line: record.line, "label '\(written)' is not in labels={\(labels.keys.sorted().joined(separator: ", "))}")
            }
            return label
        }
        switch written {
        case "0", "false": return 0
        case "1", "true": return 1
        default:
            throw DataError.at(path, line: record.line, "label '\(written)' is not 0 or 1 (the models are binary classifiers; map labels to 0 and 1 with labels={...})")
        }
    }
}
