#include "lessonparser.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace infrastage::runtime {

namespace {

const QString DefaultSite = QStringLiteral("http://www.foobar.com");

// "/api/guestbook" -> "http://www.foobar.com/api/guestbook"; full URLs stay.
QString siteUrl(const QString &url) {
    return url.startsWith(QLatin1Char('/')) ? DefaultSite + url : url;
}

bool seconds(const QString &text, double *out) {
    bool ok = false;
    *out = text.toDouble(&ok);
    return ok && *out >= 0 && *out <= 600;
}

QVariant value(const QString &text) {
    bool ok = false;
    const int i = text.toInt(&ok);
    if (ok)
        return i;
    const double d = text.toDouble(&ok);
    if (ok)
        return d;
    if (text == QLatin1String("true") || text == QLatin1String("false"))
        return text == QLatin1String("true");
    return text;
}

// Reads one file line by line; `fail` keeps the first error with its line.
class Reader {
public:
    Reader(const QString &baseDir, Lesson *lesson)
        : m_baseDir(baseDir)
        , m_lesson(lesson) {}

    bool line(int number, const QString &raw) {
        m_line = number;
        const QString text = raw.trimmed();
        if (text.isEmpty() || text.startsWith(QLatin1Char('#')))
            return true;
        m_lastLine = number;
        const QStringList w = text.split(QRegularExpression(QStringLiteral("\\s+")));
        const QString &word = w.first();
        const QString rest = text.mid(word.size()).trimmed();
        if (word == QLatin1String("lesson"))
            return header(&m_lesson->title, rest, "a title");
        if (word == QLatin1String("design")) {
            QString path;
            if (!header(&path, rest, "a design file"))
                return false;
            m_lesson->design = QDir(m_baseDir).absoluteFilePath(path);
            return true;
        }
        if (word == QLatin1String("set"))
            return setting(w);
        if (word == QLatin1String("step")) {
            if (rest.isEmpty())
                return fail(QStringLiteral("a step needs a caption"));
            LessonStep s;
            s.caption = rest;
            s.line = number;
            m_lesson->steps.append(s);
            return true;
        }
        if (m_lesson->steps.isEmpty())
            return fail(
                QStringLiteral("'%1' before the first step (or an unknown keyword)").arg(word));
        if (word == QLatin1String("expect"))
            return expectation(w.mid(1), rest);
        return action(w);
    }

    bool finish() {
        m_line = m_lastLine; // what is missing is reported at the end of what is there
        if (m_lesson->design.isEmpty())
            return fail(QStringLiteral("no 'design FILE' line"));
        if (m_lesson->steps.isEmpty())
            return fail(QStringLiteral("no step"));
        return true;
    }

    QString error() const { return m_error; }

private:
    bool fail(const QString &why) {
        m_error = QStringLiteral("line %1: %2").arg(m_line).arg(why);
        return false;
    }

    bool header(QString *field, const QString &rest, const char *what) {
        if (!m_lesson->steps.isEmpty())
            return fail(QStringLiteral("headers come before the first step"));
        if (rest.isEmpty())
            return fail(QStringLiteral("expected %1").arg(QLatin1String(what)));
        *field = rest;
        return true;
    }

    bool setting(const QStringList &w) {
        if (!m_lesson->steps.isEmpty())
            return fail(QStringLiteral("'set' comes before the first step"));
        if (w.size() != 4)
            return fail(QStringLiteral("expected 'set NODE PROPERTY VALUE'"));
        m_lesson->overrides.append({w.at(1), w.at(2), value(w.at(3))});
        return true;
    }

    bool action(const QStringList &w) {
        LessonStep &s = m_lesson->steps.last();
        if (s.action.kind != LessonActionKind::None)
            return fail(
                QStringLiteral("a step has one action; start a new step for '%1'").arg(w.first()));
        LessonAction a;
        const QString &word = w.first();
        FaultKind fault;
        if (word == QLatin1String("request")) {
            if (w.size() < 3)
                return fail(QStringLiteral("expected 'request METHOD URL [BODY]'"));
            a.kind = LessonActionKind::Request;
            a.method = w.at(1).toUpper().toLatin1();
            a.url = siteUrl(w.at(2));
            a.body = w.mid(3).join(QLatin1Char(' ')).toUtf8();
        } else if (word == QLatin1String("load")) {
            if (w.size() < 3 || w.size() > 4 || !seconds(w.at(2), &a.seconds) ||
                !seconds(w.at(1), &a.rate) || a.rate <= 0 || a.seconds <= 0)
                return fail(QStringLiteral("expected 'load RATE SECONDS [URL]' with numbers > 0"));
            a.kind = LessonActionKind::Load;
            a.url = siteUrl(w.size() == 4 ? w.at(3) : QStringLiteral("/"));
        } else if (word == QLatin1String("wait")) {
            if (w.size() != 2 || !seconds(w.at(1), &a.seconds))
                return fail(QStringLiteral("expected 'wait SECONDS' (0-600)"));
            a.kind = LessonActionKind::Wait;
        } else if (faultKindFromName(word, &fault)) {
            // A cut or heal of a network link to the internet may name the link alone (its
            // id): two ISP links can join the same two nodes.
            const bool linkAlone =
                (fault == FaultKind::Cut || fault == FaultKind::Heal) && w.size() == 2;
            const bool needsPeer = faultNeedsPeer(fault) && !linkAlone;
            const bool needsNumber = faultNeedsNumber(fault);
            if (w.size() != 2 + int(needsPeer) + int(needsNumber))
                return fail(QStringLiteral("expected '%1 NODE%2%3'%4")
                                .arg(word, needsPeer ? QStringLiteral(" PEER") : QString(),
                                     !needsNumber               ? QString()
                                     : fault == FaultKind::Loss ? QStringLiteral(" PERCENT")
                                                                : QStringLiteral(" MS"),
                                     fault == FaultKind::Cut || fault == FaultKind::Heal
                                         ? QStringLiteral(" or '%1 LINK'").arg(word)
                                         : QString()));
            a.kind = LessonActionKind::Fault;
            a.fault.kind = fault;
            a.fault.node = w.at(1);
            if (needsPeer)
                a.fault.peer = w.at(2);
            if (needsNumber) {
                bool ok = false;
                const int n = w.last().toInt(&ok);
                if (!ok || n < 0 || (fault == FaultKind::Loss && n > 100))
                    return fail(QStringLiteral("'%1' is not a number of %2")
                                    .arg(w.last(), fault == FaultKind::Loss
                                                       ? QStringLiteral("percent (0-100)")
                                                       : QStringLiteral("milliseconds")));
                (fault == FaultKind::Loss ? a.fault.percent : a.fault.ms) = n;
            }
        } else {
            return fail(
                QStringLiteral("unknown action '%1' (expected request, load, wait, kill, "
                               "freeze, resume, slow, restart, promote, cut, heal, delay, loss or "
                               "expect)")
                    .arg(word));
        }
        s.action = a;
        return true;
    }

    // "... within S" at the end: the seconds it may take.
    bool within(QStringList *w, Expectation *e) {
        const int n = int(w->size());
        if (n >= 2 && w->at(n - 2) == QLatin1String("within")) {
            if (!seconds(w->at(n - 1), &e->within))
                return fail(QStringLiteral("'within' takes seconds (0-600)"));
            w->resize(n - 2);
        }
        return true;
    }

    bool expectation(QStringList w, const QString &text) {
        Expectation e;
        e.line = m_line;
        e.text = text;
        if (!within(&w, &e))
            return false;
        const QString what = w.value(0);
        const auto bad = [this](const QString &form) {
            return fail(QStringLiteral("expected '%1'").arg(form));
        };
        if (what == QLatin1String("status")) {
            bool ok = false;
            e.kind = ExpectationKind::Status;
            e.number = w.value(1).toInt(&ok);
            if (w.size() != 2 || !ok || e.number < 100 || e.number > 599)
                return bad(QStringLiteral("expect status CODE"));
        } else if (what == QLatin1String("served-by")) {
            e.kind = ExpectationKind::ServedBy;
            if (w.size() != 2)
                return bad(QStringLiteral("expect served-by SERVER"));
            e.subject = w.at(1);
        } else if (what == QLatin1String("request")) {
            e.kind = ExpectationKind::RequestFails;
            if (w.size() != 2 || w.at(1) != QLatin1String("fails"))
                return bad(QStringLiteral("expect request fails"));
        } else if (what == QLatin1String("writes") || what == QLatin1String("reads")) {
            e.kind =
                what == QLatin1String("writes") ? ExpectationKind::Writes : ExpectationKind::Reads;
            if (w.size() != 2 ||
                (w.at(1) != QLatin1String("succeed") && w.at(1) != QLatin1String("fail")))
                return bad(QStringLiteral("expect %1 succeed|fail").arg(what));
            e.succeed = w.at(1) == QLatin1String("succeed");
        } else if (what == QLatin1String("backend")) {
            e.kind = ExpectationKind::Backend;
            if (w.size() != 3 ||
                (w.at(2) != QLatin1String("up") && w.at(2) != QLatin1String("down")))
                return bad(QStringLiteral("expect backend SERVER up|down [within S]"));
            e.subject = w.at(1);
            e.state = w.at(2).toUpper();
        } else if (what == QLatin1String("replica")) {
            e.kind = ExpectationKind::ReplicaBehind;
            if (w.size() != 3 || w.at(2) != QLatin1String("behind"))
                return bad(QStringLiteral("expect replica NODE behind [within S]"));
            e.subject = w.at(1);
        } else if (what == QLatin1String("vrrp")) {
            e.kind = ExpectationKind::Vrrp;
            if (w.size() != 3 ||
                (w.at(2) != QLatin1String("master") && w.at(2) != QLatin1String("backup")))
                return bad(QStringLiteral("expect vrrp NODE master|backup [within S]"));
            e.subject = w.at(1);
            e.state = w.at(2).toUpper();
        } else if (what == QLatin1String("node")) {
            e.kind = ExpectationKind::NodeStatus;
            if (w.size() < 3)
                return bad(QStringLiteral("expect node NODE STATUS [within S]"));
            e.subject = w.at(1);
            e.state = w.mid(2).join(QLatin1Char(' '));
        } else {
            return fail(
                QStringLiteral("unknown expectation '%1' (expected status, served-by, "
                               "request fails, writes, reads, backend, replica, vrrp or node)")
                    .arg(what));
        }
        m_lesson->steps.last().expectations.append(e);
        return true;
    }

    QString m_baseDir;
    Lesson *m_lesson;
    int m_line = 0;
    int m_lastLine = 1; // the last line that is not blank or a comment
    QString m_error;
};

} // namespace

bool LessonParser::parse(const QString &text, const QString &baseDir, Lesson *lesson,
                         QString *error) {
    Lesson l;
    Reader reader(baseDir, &l);
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        if (!reader.line(i + 1, lines.at(i))) {
            *error = reader.error();
            return false;
        }
    }
    if (!reader.finish()) {
        *error = reader.error();
        return false;
    }
    *lesson = l;
    return true;
}

bool LessonParser::load(const QString &path, Lesson *lesson, QString *error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    const QByteArray bytes = file.readAll();
    const QString text = QString::fromUtf8(bytes);
    if (text.toUtf8() != bytes) {
        *error = QStringLiteral("%1: not UTF-8 text").arg(path);
        return false;
    }
    if (!parse(text, QFileInfo(path).absolutePath(), lesson, error)) {
        *error = QStringLiteral("%1:%2").arg(path, error->mid(QStringLiteral("line ").size()));
        return false;
    }
    return true;
}

} // namespace infrastage::runtime
