#include "dnsmessage.h"

#include <QHash>
#include <QHostAddress>

namespace infrastage::dns {

namespace {

constexpr int kHeaderSize = 12;
constexpr int kMaxName = 255;
constexpr int kMaxLabel = 63;
constexpr int kMaxPointerHops = 32;

// Reads a packet bounds-checked: every read fails cleanly past the end.
class Reader {
public:
    explicit Reader(const QByteArray &packet)
        : m_p(packet) {}

    int pos() const { return m_pos; }
    bool u8(quint8 *v) {
        if (m_pos + 1 > m_p.size())
            return false;
        *v = quint8(m_p.at(m_pos++));
        return true;
    }
    bool u16(quint16 *v) {
        if (m_pos + 2 > m_p.size())
            return false;
        *v = quint16((quint8(m_p.at(m_pos)) << 8) | quint8(m_p.at(m_pos + 1)));
        m_pos += 2;
        return true;
    }
    bool u32(quint32 *v) {
        quint16 hi, lo;
        if (!u16(&hi) || !u16(&lo))
            return false;
        *v = (quint32(hi) << 16) | lo;
        return true;
    }
    bool skip(int n) {
        if (n < 0 || m_pos + n > m_p.size())
            return false;
        m_pos += n;
        return true;
    }
    bool bytes(int n, QByteArray *out) {
        if (n < 0 || m_pos + n > m_p.size())
            return false;
        *out = m_p.mid(m_pos, n);
        m_pos += n;
        return true;
    }

    // A possibly compressed name; pointers may only go backwards and only so often.
    bool name(QByteArray *out, QString *why) {
        QByteArray result;
        int at = m_pos;
        int resume = -1;
        int hops = 0;
        int wire = 1;
        for (;;) {
            if (at >= m_p.size())
                return fail(why, QStringLiteral("name runs past the end"));
            const quint8 len = quint8(m_p.at(at));
            if ((len & 0xC0) == 0xC0) {
                if (at + 1 >= m_p.size())
                    return fail(why, QStringLiteral("truncated compression pointer"));
                const int target = ((len & 0x3F) << 8) | quint8(m_p.at(at + 1));
                if (target >= at || ++hops > kMaxPointerHops)
                    return fail(why, QStringLiteral("compression pointer loop"));
                if (resume < 0)
                    resume = at + 2;
                at = target;
                continue;
            }
            if (len & 0xC0)
                return fail(why, QStringLiteral("unknown label type"));
            if (len == 0) {
                m_pos = resume >= 0 ? resume : at + 1;
                *out = result;
                return true;
            }
            if (len > kMaxLabel || at + 1 + len > m_p.size())
                return fail(why, QStringLiteral("bad label length"));
            wire += len + 1;
            if (wire > kMaxName)
                return fail(why, QStringLiteral("name longer than 255 octets"));
            if (!result.isEmpty())
                result += '.';
            const QByteArray label = m_p.mid(at + 1, len);
            if (label.contains('.'))
                return fail(why, QStringLiteral("dot inside a label"));
            result += label;
            at += 1 + len;
        }
    }

private:
    static bool fail(QString *why, const QString &text) {
        if (why)
            *why = text;
        return false;
    }

    const QByteArray &m_p;
    int m_pos = 0;
};

// Writes a message, compressing names against every suffix already written (RFC 1035 4.1.4).
class Writer {
public:
    QByteArray &data() { return m_out; }
    void u8(quint8 v) { m_out.append(char(v)); }
    void u16(quint16 v) {
        m_out.append(char(v >> 8));
        m_out.append(char(v & 0xFF));
    }
    void u32(quint32 v) {
        u16(quint16(v >> 16));
        u16(quint16(v & 0xFFFF));
    }
    void setU16(int at, quint16 v) {
        m_out[at] = char(v >> 8);
        m_out[at + 1] = char(v & 0xFF);
    }
    void name(const QByteArray &dotted) {
        const QList<QByteArray> labels = dotted.isEmpty() ? QList<QByteArray>() : dotted.split('.');
        for (int i = 0; i < labels.size(); ++i) {
            const QByteArray suffix = labels.mid(i).join('.').toLower();
            const auto it = m_offsets.constFind(suffix);
            if (it != m_offsets.constEnd()) {
                u16(quint16(0xC000 | it.value()));
                return;
            }
            if (m_out.size() < 0x3FFF)
                m_offsets.insert(suffix, int(m_out.size()));
            const QByteArray label = labels.at(i).left(kMaxLabel);
            u8(quint8(label.size()));
            m_out.append(label);
        }
        u8(0);
    }
    void record(const ResourceRecord &rr) {
        name(rr.name);
        u16(rr.type);
        u16(1); // IN
        u32(rr.ttl);
        const int lengthAt = int(m_out.size());
        u16(0);
        const int start = int(m_out.size());
        switch (rr.type) {
        case TypeCNAME:
        case TypeNS:
            name(rr.data);
            break;
        case TypeSOA:
            name(rr.data);
            name(rr.mailbox);
            u32(1);     // serial
            u32(3600);  // refresh
            u32(600);   // retry
            u32(86400); // expire
            u32(rr.minimum);
            break;
        default:
            m_out.append(rr.data);
        }
        setU16(lengthAt, quint16(m_out.size() - start));
    }

private:
    QByteArray m_out;
    QHash<QByteArray, int> m_offsets;
};

bool failWith(QString *reason, const QString &text) {
    if (reason)
        *reason = text;
    return false;
}

bool readRecord(Reader &r, const QByteArray &packet, ResourceRecord *rr, QString *why) {
    quint16 klass, rdlen;
    if (!r.name(&rr->name, why) || !r.u16(&rr->type) || !r.u16(&klass) || !r.u32(&rr->ttl) ||
        !r.u16(&rdlen))
        return why && !why->isEmpty() ? false : failWith(why, QStringLiteral("truncated record"));
    const int end = r.pos() + rdlen;
    if (end > packet.size())
        return failWith(why, QStringLiteral("record data runs past the end"));
    if (rr->type == TypeCNAME || rr->type == TypeNS) {
        if (!r.name(&rr->data, why))
            return false;
    } else if (rr->type == TypeSOA) {
        if (!r.name(&rr->data, why) || !r.name(&rr->mailbox, why) || !r.skip(16) ||
            !r.u32(&rr->minimum))
            return failWith(why, QStringLiteral("bad SOA record"));
    } else if (!r.bytes(rdlen, &rr->data)) {
        return failWith(why, QStringLiteral("truncated record data"));
    }
    if (r.pos() != end)
        return failWith(why, QStringLiteral("record length does not match its data"));
    return true;
}

} // namespace

QString typeName(quint16 type) {
    switch (type) {
    case TypeA:
        return QStringLiteral("A");
    case TypeNS:
        return QStringLiteral("NS");
    case TypeCNAME:
        return QStringLiteral("CNAME");
    case TypeSOA:
        return QStringLiteral("SOA");
    case TypeAAAA:
        return QStringLiteral("AAAA");
    case TypeOPT:
        return QStringLiteral("OPT");
    case TypeANY:
        return QStringLiteral("ANY");
    default:
        return QStringLiteral("TYPE%1").arg(type);
    }
}

quint16 typeFromName(const QString &name) {
    for (quint16 t : {TypeA, TypeNS, TypeCNAME, TypeSOA, TypeAAAA, TypeANY}) {
        if (name.compare(typeName(t), Qt::CaseInsensitive) == 0)
            return t;
    }
    return 0;
}

QString rcodeName(int rcode) {
    static const char *names[] = {"NOERROR",  "FORMERR", "SERVFAIL",
                                  "NXDOMAIN", "NOTIMP",  "REFUSED"};
    if (rcode >= 0 && rcode < 6)
        return QString::fromLatin1(names[rcode]);
    return QStringLiteral("RCODE%1").arg(rcode);
}

QString ResourceRecord::valueText() const {
    switch (type) {
    case TypeA:
        if (data.size() == 4)
            return QHostAddress(quint32((quint8(data[0]) << 24) | (quint8(data[1]) << 16) |
                                        (quint8(data[2]) << 8) | quint8(data[3])))
                .toString();
        break;
    case TypeAAAA:
        if (data.size() == 16)
            return QHostAddress(reinterpret_cast<const quint8 *>(data.constData())).toString();
        break;
    case TypeCNAME:
    case TypeNS:
        return QString::fromLatin1(data);
    case TypeSOA:
        return QStringLiteral("%1 %2 %3")
            .arg(QString::fromLatin1(data), QString::fromLatin1(mailbox))
            .arg(minimum);
    default:
        break;
    }
    return QString::fromLatin1(data.toHex());
}

bool parseQuery(const QByteArray &packet, Query *query, QString *reason) {
    if (packet.size() < kHeaderSize)
        return failWith(reason, QStringLiteral("shorter than a DNS header"));
    Reader r(packet);
    quint16 qd, an, ns, ar;
    r.u16(&query->id);
    r.u16(&query->flags);
    r.u16(&qd);
    r.u16(&an);
    r.u16(&ns);
    r.u16(&ar);
    if (query->flags & 0x8000)
        return failWith(reason, QStringLiteral("a response, not a query"));
    if (qd != 1)
        return failWith(reason, QStringLiteral("%1 questions instead of one").arg(qd));
    QString why;
    if (!r.name(&query->question.name, &why))
        return failWith(reason, QStringLiteral("question name: %1").arg(why));
    if (!r.u16(&query->question.type) || !r.u16(&query->question.klass))
        return failWith(reason, QStringLiteral("truncated question"));
    // EDNS0 (RFC 6891): an OPT record among the additional records. Anything else there, or a
    // damaged tail, is tolerated: the question alone is enough to answer.
    query->edns = false;
    query->udpSize = 512;
    for (int i = 0; i < an + ns + ar; ++i) {
        ResourceRecord rr;
        quint16 klass = 0;
        if (!r.name(&rr.name, nullptr) || !r.u16(&rr.type) || !r.u16(&klass))
            break;
        quint32 ttl;
        quint16 rdlen;
        if (!r.u32(&ttl) || !r.u16(&rdlen) || !r.skip(rdlen))
            break;
        if (i >= an + ns && rr.type == TypeOPT && rr.name.isEmpty()) {
            query->edns = true;
            query->udpSize = qMax<quint16>(512, klass);
        }
    }
    return true;
}

QByteArray buildResponse(const Query &query, int rcode, const QList<ResourceRecord> &answers,
                         const QList<ResourceRecord> &authority) {
    const int limit = query.edns ? qMin<int>(query.udpSize, 4096) : 512;
    for (int attempt = 0; attempt < 2; ++attempt) {
        const bool truncate = attempt == 1;
        Writer w;
        w.u16(query.id);
        quint16 flags = 0x8000 | (query.flags & 0x7800) | 0x0400 | (query.flags & 0x0100);
        if (truncate)
            flags |= 0x0200;
        flags |= quint16(rcode & 0xF);
        w.u16(flags);
        w.u16(1);
        w.u16(truncate ? 0 : quint16(answers.size()));
        w.u16(truncate ? 0 : quint16(authority.size()));
        w.u16(query.edns ? 1 : 0);
        w.name(query.question.name);
        w.u16(query.question.type);
        w.u16(query.question.klass);
        if (!truncate) {
            for (const ResourceRecord &rr : answers)
                w.record(rr);
            for (const ResourceRecord &rr : authority)
                w.record(rr);
        }
        if (query.edns) {
            w.u8(0);
            w.u16(TypeOPT);
            w.u16(1232); // our payload size, the DNS flag day 2020 value
            w.u32(0);
            w.u16(0);
        }
        if (truncate || w.data().size() <= limit)
            return w.data();
    }
    return QByteArray();
}

QByteArray buildQuery(quint16 id, const QByteArray &name, quint16 type, bool edns) {
    Writer w;
    w.u16(id);
    w.u16(0x0100); // RD, as stub resolvers send it
    w.u16(1);
    w.u16(0);
    w.u16(0);
    w.u16(edns ? 1 : 0);
    w.name(name);
    w.u16(type);
    w.u16(1);
    if (edns) {
        w.u8(0);
        w.u16(TypeOPT);
        w.u16(1232);
        w.u32(0);
        w.u16(0);
    }
    return w.data();
}

bool parseResponse(const QByteArray &packet, Response *response, QString *reason) {
    if (packet.size() < kHeaderSize)
        return failWith(reason, QStringLiteral("shorter than a DNS header"));
    Reader r(packet);
    quint16 qd, an, ns, ar;
    r.u16(&response->id);
    r.u16(&response->flags);
    r.u16(&qd);
    r.u16(&an);
    r.u16(&ns);
    r.u16(&ar);
    if (!(response->flags & 0x8000))
        return failWith(reason, QStringLiteral("a query, not a response"));
    response->rcode = response->flags & 0xF;
    response->truncated = response->flags & 0x0200;
    response->authoritative = response->flags & 0x0400;
    for (int i = 0; i < qd; ++i) {
        Question q;
        QString why;
        if (!r.name(&q.name, &why) || !r.u16(&q.type) || !r.u16(&q.klass))
            return failWith(reason, QStringLiteral("bad question: %1").arg(why));
        response->questions.append(q);
    }
    for (int i = 0; i < an + ns; ++i) {
        ResourceRecord rr;
        QString why;
        if (!readRecord(r, packet, &rr, &why))
            return failWith(reason, QStringLiteral("bad record: %1").arg(why));
        (i < an ? response->answers : response->authority).append(rr);
    }
    return true;
}

} // namespace infrastage::dns
