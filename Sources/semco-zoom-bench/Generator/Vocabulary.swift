/// Word lists for realistic German seminar data. Every domain is under the reserved
/// `.example` top-level domain (RFC 2606), so a generated address can never reach a real
/// mailbox even if a drop is pointed at a real Zoom account by mistake.
enum Vocabulary {
    static let femaleFirstNames = [
        "Anna", "Zoë", "Käthe", "Ute", "Sabine", "Birgit", "Özlem", "Jördis", "Maria", "Lea", "Sophie",
        "Hannah", "Lena", "Emilia", "Grete", "Bärbel", "Renée", "Anneliese", "Małgorzata", "Chantal",
        "Sünje", "Marie-Luise", "Franziska", "Claudia", "Heike", "Petra", "Ayşe", "Ingrid", "Mia", "Dörte",
    ]
    static let maleFirstNames = [
        "Jürgen", "Björn", "Jörg", "Günther", "Sören", "Lukas", "Felix", "Maximilian", "Jonas", "Paul",
        "Hans-Peter", "Dieter", "Uwe", "Klaus", "Mehmet", "Fynn", "René", "Ömer", "Matthias", "Thomas",
        "Stefan", "Jérôme", "Torben", "Kai-Uwe", "Bernd", "Holger", "Tobias", "Wolfgang", "Ralf", "Niklas",
    ]
    static let lastNames = [
        "Müller", "Weiß", "Schröder", "Groß", "Böhm", "Jäger", "Köhler", "Krüger", "Schäfer", "Fuß",
        "Bäcker", "Hoffmann", "Schmidt", "Schneider", "Fischer", "Meyer", "Wagner", "Becker", "Schulz",
        "Koch", "Richter", "Klein", "Wolf", "Neumann", "Schwarz", "Zimmermann", "Braun", "Hofmann",
        "Hartmann", "Lange", "Schmitt", "Werner", "Krause", "Meier", "Lehmann", "Schmid", "Schulze",
        "Maier", "Köster", "Lößer", "Özdemir", "Yılmaz", "Nguyen", "Kowalski", "von Bülow", "Sänger",
        "Brückner", "Dürr", "Förster", "Gärtner", "Hölzel", "Jüngst", "Kühn", "Mößner", "Nüßlein",
        "Pöschl", "Rößler", "Süß", "Thür", "Ebert", "de la Cruz", "Vogel", "Peters", "Albrecht",
    ]
    /// Last names that keep an umlaut, for the addresses that carry one (a known problem case).
    static let umlautLastNames = ["Müller", "Schröder", "Böhm", "Jäger", "Köhler", "Krüger", "Schäfer", "Dürr"]

    static let mailDomains = [
        "webmail.example", "gmx.example", "t-online.example", "posteo.example", "freenet.example",
        "mailbox.example", "outlook.example",
    ]
    static let academyDomain = "akademie-nord.example"

    /// Companies, some with `;` and `"` in the name so the CSV needs quoting.
    static let companies: [(name: String, domain: String)] = [
        ("Müller & Söhne GmbH", "mueller-soehne.example"),
        ("Klinikum Nord; Anästhesie", "klinikum-nord.example"),
        ("Praxis \"Am Markt\" Dr. Weiß", "praxis-am-markt.example"),
        ("Zahnarztpraxis Schröder", "zahnarzt-schroeder.example"),
        ("Stadtwerke Lüneburg", "stadtwerke-lg.example"),
        ("Bäckerei Groß KG", "baeckerei-gross.example"),
        ("Pflegedienst Sonnenschein e. V.", "pflege-sonnenschein.example"),
        ("Köhler Logistik AG", "koehler-logistik.example"),
        ("Ingenieurbüro Fuß & Partner", "ib-fuss.example"),
        ("Apotheke am Dom", "apotheke-dom.example"),
        ("Seniorenheim \"Haus Linde\"; Verwaltung", "haus-linde.example"),
        ("Gärtnerei Jäger", "gaertnerei-jaeger.example"),
    ]

    static let topics = [
        "Narkose Grundschulung", "Hygiene in der Praxis", "Excel für Einsteiger", "Führung kompakt",
        "Zeitmanagement im Büro", "Datenschutz (DSGVO) – Auffrischung", "Notfallmanagement in der Zahnarztpraxis",
        "Abrechnung GOÄ/GOZ", "Kommunikation \"mit Herz\"", "Röntgen-Aktualisierung; Fachkunde",
        "Qualitätsmanagement nach ISO 9001", "Präsentieren mit PowerPoint", "Konfliktgespräche führen",
        "Erste Hilfe für Betriebe", "Arbeitssicherheit & Brandschutz", "Projektmanagement Grundlagen",
        "Buchhaltung für Quereinsteiger", "Deutsch als Fremdsprache B1", "Englisch für den Beruf",
        "Agiles Arbeiten mit Scrum", "Pflegedokumentation", "Medizinprodukte-Aufbereitung",
        "Stressbewältigung & Resilienz", "Verkaufstraining", "Social Media für Unternehmen",
        "Lohn- und Gehaltsabrechnung", "Strahlenschutz für MFA", "Kinästhetik in der Pflege",
    ]
    static let onlineSuffixes = [
        " - Zoom-Webinar am Abend", " - Live-Online", " (Modul 1)", " (Modul 2)", " - Aufbaukurs", " - Grundkurs",
        "", " - Online-Seminar", " – Intensivkurs",
    ]
    static let presenceSuffixes = [" - Präsenzseminar", " - Workshop", "", " (vor Ort)"]
    static let presenceVenues = ["Seminarraum 1", "Seminarraum 2 (EG)", "Hörsaal A", "Schulungszentrum Köln"]

    /// ASCII form of a name for an e-mail local part: umlauts spelled out (`ü` → `ue`), other
    /// accents dropped, spaces and apostrophes removed, lower case.
    static func asciiFold(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text.lowercased() {
            switch ch {
            case "ä": out += "ae"
            case "ö": out += "oe"
            case "ü": out += "ue"
            case "ß": out += "ss"
            case "é", "è", "ê", "ë": out += "e"
            case "á", "à", "â", "å": out += "a"
            case "ó", "ò", "ô", "ø": out += "o"
            case "í", "ì", "î", "ı": out += "i"
            case "ç", "ć": out += "c"
            case "ş", "ś": out += "s"
            case "ğ": out += "g"
            case "ł": out += "l"
            case "ñ", "ń": out += "n"
            case " ", "'": continue
            default:
                if ch.isASCII, ch.isLetter || ch.isNumber || ch == "-" || ch == "." { out.append(ch) }
            }
        }
        return out
    }
}
