#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace infrastage::dns {

// Record types and response codes this server speaks (RFC 1035, RFC 3596, RFC 6891).
enum DnsType : quint16 {
    TypeA = 1,     // IPv4 address
    TypeNS = 2,    // name server (only to name it in the SOA)
    TypeCNAME = 5, // canonical name
    TypeSOA = 6,   // start of authority, sent with negative answers
    TypeAAAA = 28, // IPv6 address
    TypeOPT = 41,  // EDNS0 pseudo-record
    TypeANY = 255, // every type the name has
};

enum DnsRcode : int {
    RcodeNoError = 0,
    RcodeFormErr = 1,
    RcodeServFail = 2,
    RcodeNxDomain = 3,
    RcodeNotImp = 4,
    RcodeRefused = 5,
};

QString typeName(quint16 type);            // "A", "AAAA", ..., "TYPE99"
quint16 typeFromName(const QString &name); // 0 when unknown
QString rcodeName(int rcode);              // "NOERROR", "NXDOMAIN", ...

// A resource record in wire terms. `data` is the address for A/AAAA (4 or 16 bytes), the target
// name for CNAME/NS (dotted), and for SOA the primary name server; `mailbox` and `minimum` are
// the SOA's other fields worth setting.
struct ResourceRecord {
    QByteArray name;
    quint16 type = TypeA;
    quint32 ttl = 0;
    QByteArray data;
    QByteArray mailbox;
    quint32 minimum = 0;

    QString valueText() const; // "8.8.8.8", "::1", "www.foobar.com", "ns.foobar.com ..."
};

// One question, as received: the name keeps its case (resolvers check the echo, RFC 0x20 draft).
struct Question {
    QByteArray name; // dotted, without the trailing dot; empty for the root
    quint16 type = TypeA;
    quint16 klass = 1;
};

struct Query {
    quint16 id = 0;
    quint16 flags = 0;
    Question question;
    bool edns = false;
    quint16 udpSize = 512; // the requester's EDNS0 payload size, 512 without EDNS0
    int opcode() const { return (flags >> 11) & 0xF; }
    bool recursionDesired() const { return flags & 0x0100; }
};

// Parses a query; false with a reason if the packet is not one well-formed DNS question.
bool parseQuery(const QByteArray &packet, Query *query, QString *reason);

struct Response {
    quint16 id = 0;
    quint16 flags = 0;
    int rcode = 0;
    bool truncated = false;
    bool authoritative = false;
    QList<Question> questions;
    QList<ResourceRecord> answers;
    QList<ResourceRecord> authority;
};

// Builds the answer to `query` with name compression; truncates (TC) past the size limit.
QByteArray buildResponse(const Query &query, int rcode, const QList<ResourceRecord> &answers,
                         const QList<ResourceRecord> &authority);

// Client side (used by the CLI's resolver and by tests).
QByteArray buildQuery(quint16 id, const QByteArray &name, quint16 type, bool edns = false);
bool parseResponse(const QByteArray &packet, Response *response, QString *reason);

} // namespace infrastage::dns
