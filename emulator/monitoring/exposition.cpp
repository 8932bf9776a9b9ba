#include "exposition.h"

#include <QLocale>

#include <cmath>

namespace infrastage::monitoring {

namespace {

bool isNameStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
}
bool isNameChar(char c) {
    return isNameStart(c) || (c >= '0' && c <= '9');
}

bool parseValue(const QByteArray &text, double *value) {
    if (text == "+Inf" || text == "Inf") {
        *value = INFINITY;
        return true;
    }
    if (text == "-Inf") {
        *value = -INFINITY;
        return true;
    }
    if (text == "NaN") {
        *value = NAN;
        return true;
    }
    bool ok = false;
    *value = text.toDouble(&ok);
    return ok;
}

// Parses one sample line into `s`; returns what is wrong, or an empty string.
QString parseLine(const QByteArray &line, MetricSample *s) {
    qsizetype i = 0;
    const qsizetype n = line.size();
    if (!isNameStart(line.at(0)))
        return QStringLiteral("a metric name must start with a letter, '_' or ':'");
    while (i < n && isNameChar(line.at(i)))
        ++i;
    s->name = QString::fromLatin1(line.left(i));
    if (i < n && line.at(i) == '{') {
        ++i;
        for (;;) {
            while (i < n && line.at(i) == ' ')
                ++i;
            if (i < n && line.at(i) == '}') {
                ++i;
                break;
            }
            const qsizetype start = i;
            while (i < n && isNameChar(line.at(i)))
                ++i;
            if (i == start || i + 1 >= n || line.at(i) != '=' || line.at(i + 1) != '"')
                return QStringLiteral("a label must read name=\"value\"");
            const QString key = QString::fromLatin1(line.mid(start, i - start));
            i += 2;
            QByteArray value;
            bool closed = false;
            while (i < n) {
                const char c = line.at(i++);
                if (c == '"') {
                    closed = true;
                    break;
                }
                if (c == '\\' && i < n) {
                    const char e = line.at(i++);
                    value.append(e == 'n' ? '\n' : e);
                    continue;
                }
                value.append(c);
            }
            if (!closed)
                return QStringLiteral("label %1: unterminated value").arg(key);
            s->labels.insert(key, QString::fromUtf8(value));
            while (i < n && line.at(i) == ' ')
                ++i;
            if (i < n && line.at(i) == ',')
                ++i;
            else if (i >= n || line.at(i) != '}')
                return QStringLiteral("labels must be separated by ',' and end with '}'");
        }
    }
    const QList<QByteArray> rest = line.mid(i).simplified().split(' ');
    if (rest.isEmpty() || rest.first().isEmpty() || rest.size() > 2)
        return QStringLiteral("a sample needs a value (and at most a timestamp) after its name");
    if (!parseValue(rest.first(), &s->value))
        return QStringLiteral("'%1' is not a number").arg(QString::fromLatin1(rest.first()));
    return QString();
}

} // namespace

bool Exposition::parse(const QByteArray &text, MetricSamples *samples, QString *error) {
    MetricSamples out;
    int lineNo = 0;
    for (const QByteArray &raw : text.split('\n')) {
        ++lineNo;
        const QByteArray line = raw.trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        MetricSample s;
        const QString why = parseLine(line, &s);
        if (!why.isEmpty()) {
            *error = QStringLiteral("line %1: %2").arg(lineNo).arg(why);
            return false;
        }
        out.append(s);
    }
    *samples = out;
    return true;
}

QByteArray Exposition::number(double value) {
    if (std::isnan(value))
        return "NaN";
    if (std::isinf(value))
        return value > 0 ? "+Inf" : "-Inf";
    return QString::number(value, 'g', QLocale::FloatingPointShortest).toLatin1();
}

QByteArray Exposition::line(const char *name, const QList<QPair<QByteArray, QByteArray>> &labels,
                            double value) {
    QByteArray out(name);
    if (!labels.isEmpty()) {
        out += '{';
        for (qsizetype i = 0; i < labels.size(); ++i) {
            QByteArray v = labels.at(i).second;
            v.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
            out += (i ? "," : "") + labels.at(i).first + "=\"" + v + '"';
        }
        out += '}';
    }
    return out + ' ' + number(value) + '\n';
}

} // namespace infrastage::monitoring
