#include "mermaidarrow.h"

#include "mermaidparser.h"

#include <QRegularExpression>

namespace infrastage {

bool MermaidArrow::read(const QString &s, int *pos, MermaidEdge *edge, QString *id) {
    using RE = QRegularExpression;
    const auto anchored = RE::AnchorAtOffsetMatchOption;
    static const RE linkId(QStringLiteral(R"(\s*[A-Za-z0-9_]+@(?=[-=.<xo~]))"));
    static const RE normal(QStringLiteral(R"(\s*([xo<]?)-{2,}(>|-|[xo](?![\w])))"));
    static const RE thick(QStringLiteral(R"(\s*([xo<]?)={2,}(>|=|[xo](?![\w])))"));
    static const RE dotted(QStringLiteral(R"(\s*([xo<]?)-?\.+-(>|[xo](?![\w]))?)"));
    static const RE invisible(QStringLiteral(R"(\s*~{3,})"));
    static const RE startNormal(QStringLiteral(R"(\s*([xo<]?)--)"));
    static const RE startThick(QStringLiteral(R"(\s*([xo<]?)==)"));
    static const RE startDotted(QStringLiteral(R"(\s*([xo<]?)-\.)"));
    static const RE closeNormal(QStringLiteral(R"(\s*-{2,}(>|-|[xo](?![\w])))"));
    static const RE closeThick(QStringLiteral(R"(\s*={2,}(>|=|[xo](?![\w])))"));
    static const RE closeDotted(QStringLiteral(R"(\s*\.+-(>|[xo](?![\w]))?)"));
    static const RE pipe(QStringLiteral(R"(\s*\|)"));

    int p = *pos;
    const RE::MatchType normalMatch = RE::NormalMatch;
    QRegularExpressionMatch m = linkId.match(s, p, normalMatch, anchored);
    if (m.hasMatch()) {
        *id = m.captured().trimmed().chopped(1);
        p = int(m.capturedEnd());
    }
    struct Family {
        const RE *full;
        const RE *start;
        const RE *close;
        const char *textEnd; // where the text of "-- text -->" stops
        MermaidStroke stroke;
    };
    const Family families[] = {
        {&normal, &startNormal, &closeNormal, "--", MermaidStroke::Normal},
        {&thick, &startThick, &closeThick, "==", MermaidStroke::Thick},
        {&dotted, &startDotted, &closeDotted, ".", MermaidStroke::Dotted},
    };
    auto finish = [&](const QString &startHead, const QString &endHead) {
        edge->arrowAtStart = !startHead.isEmpty();
        edge->arrowAtEnd =
            !endHead.isEmpty() && endHead != QLatin1String("-") && endHead != QLatin1String("=");
    };
    bool done = false;
    if ((m = invisible.match(s, p, normalMatch, anchored)).hasMatch()) {
        edge->stroke = MermaidStroke::Invisible;
        p = int(m.capturedEnd());
        done = true;
    }
    for (const Family &f : families) {
        if (done)
            break;
        if ((m = f.full->match(s, p, normalMatch, anchored)).hasMatch()) {
            edge->stroke = f.stroke;
            finish(m.captured(1), m.captured(2));
            p = int(m.capturedEnd());
            done = true;
            break;
        }
        const QRegularExpressionMatch st = f.start->match(s, p, normalMatch, anchored);
        if (!st.hasMatch())
            continue;
        // "-- text -->", "--"text"-->": the text runs to the closing half of the arrow.
        int t = int(st.capturedEnd());
        MermaidParser::skipSpaces(s, &t);
        int textEnd = -1;
        if (t < s.size() && s.at(t) == QLatin1Char('"')) {
            const int q = int(s.indexOf(QLatin1Char('"'), t + 1));
            if (q >= 0)
                textEnd = q + 1;
        } else {
            const QLatin1String stop(f.textEnd);
            for (int i = t; i < s.size() && textEnd < 0; ++i) {
                if (QStringView(s).mid(i).startsWith(stop) &&
                    f.close->match(s, i, normalMatch, anchored).hasMatch())
                    textEnd = i;
            }
        }
        if (textEnd < 0)
            continue;
        const QRegularExpressionMatch close = f.close->match(s, textEnd, normalMatch, anchored);
        if (!close.hasMatch())
            continue;
        edge->stroke = f.stroke;
        edge->label = MermaidParser::cleanLabel(s.mid(t, textEnd - t));
        finish(st.captured(1), close.captured(1));
        p = int(close.capturedEnd());
        done = true;
    }
    if (!done)
        return false;
    // "-->|text|"
    if ((m = pipe.match(s, p, normalMatch, anchored)).hasMatch()) {
        int t = int(m.capturedEnd());
        int q = t;
        MermaidParser::skipSpaces(s, &q);
        int end = -1;
        if (q < s.size() && s.at(q) == QLatin1Char('"')) {
            const int close = int(s.indexOf(QLatin1Char('"'), q + 1));
            if (close >= 0)
                end = int(s.indexOf(QLatin1Char('|'), close + 1));
        } else {
            end = int(s.indexOf(QLatin1Char('|'), t));
        }
        if (end >= 0) {
            edge->label = MermaidParser::cleanLabel(s.mid(t, end - t));
            p = end + 1;
        }
    }
    *pos = p;
    return true;
}

} // namespace infrastage
