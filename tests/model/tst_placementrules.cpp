// The rules the designer, the fixes and the importer share: how a new host is named, which
// design address it gets, where a new component goes in a server box. The add-lb-pair fix is
// checked against them too, since it is where the designer and the fixes used to disagree.
#include "fixes/fixes.h"
#include "model/componentplacement.h"
#include "model/defaultaddress.h"
#include "model/freeaddress.h"
#include "model/freshname.h"
#include "model/kindspec.h"

#include <QTest>

using namespace infrastage;

namespace {

Node host(NodeKind kind, const QString &id, const QString &name, const QString &ip = QString()) {
    Node n = makeNode(kind, id, name);
    if (!ip.isEmpty())
        n.properties.insert(QStringLiteral("ip"), ip);
    return n;
}

Node component(NodeKind kind, const QString &id, const QString &server, QPointF position) {
    Node n = makeNode(kind, id, nodeKindLabel(kind));
    n.parent = server;
    n.position = position;
    return n;
}

} // namespace

class TestPlacementRules : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void freshNameCountsOn() {
        TopologyData t;
        QCOMPARE(FreshName::forHost(t, QStringLiteral("LB 1")), QStringLiteral("LB 1"));
        t.appendNode(host(NodeKind::LoadBalancer, QStringLiteral("lb"), QStringLiteral("LB 1")));
        QCOMPARE(FreshName::forHost(t, QStringLiteral("LB 1")), QStringLiteral("LB 2"));
        t.appendNode(host(NodeKind::LoadBalancer, QStringLiteral("lb2"), QStringLiteral("LB 2")));
        QCOMPARE(FreshName::forHost(t, QStringLiteral("LB 1")), QStringLiteral("LB 3"));
        // A name without a number gets one only when taken.
        QCOMPARE(FreshName::forHost(t, QStringLiteral("Monitoring")), QStringLiteral("Monitoring"));
        t.appendNode(host(NodeKind::Monitoring, QStringLiteral("m"), QStringLiteral("Monitoring")));
        QCOMPARE(FreshName::forHost(t, QStringLiteral("Monitoring")),
                 QStringLiteral("Monitoring 2"));
        // Names in `taken` count as used; components do not.
        QCOMPARE(FreshName::forHost(t, QStringLiteral("LB 1"), {QStringLiteral("LB 3")}),
                 QStringLiteral("LB 4"));
        t.appendNode(host(NodeKind::Server, QStringLiteral("s"), QStringLiteral("Server 1")));
        t.appendNode(component(NodeKind::Web, QStringLiteral("w"), QStringLiteral("s"), {}));
        QCOMPARE(FreshName::forHost(t, nodeKindLabel(NodeKind::Web)), nodeKindLabel(NodeKind::Web));
        // A number past any int does not overflow into a negative one.
        const QString huge = QStringLiteral("Server 99999999999999999999");
        t.appendNode(host(NodeKind::Server, QStringLiteral("s9"), huge));
        QCOMPARE(FreshName::forHost(t, huge), QStringLiteral("Server 2"));
    }

    void freeAddressSkipsUsedOnes() {
        TopologyData t;
        QCOMPARE(FreeAddress::forKind(t, NodeKind::Server), QStringLiteral("192.168.1.10"));
        t.appendNode(host(NodeKind::Server, QStringLiteral("s1"), QStringLiteral("Server 1"),
                          QStringLiteral("192.168.1.10")));
        t.appendNode(host(NodeKind::Server, QStringLiteral("s2"), QStringLiteral("Server 2"),
                          QStringLiteral("192.168.1.11")));
        QCOMPARE(FreeAddress::forKind(t, NodeKind::Server), QStringLiteral("192.168.1.12"));
        // A virtual IP is taken as much as a design IP; so is anything in `taken`.
        Node lb = host(NodeKind::LoadBalancer, QStringLiteral("lb"), QStringLiteral("LB"),
                       QStringLiteral("8.8.8.8"));
        lb.properties.insert(QStringLiteral("vip"), QStringLiteral("8.8.8.9"));
        t.appendNode(lb);
        QCOMPARE(FreeAddress::forKind(t, NodeKind::LoadBalancer), QStringLiteral("8.8.8.10"));
        QCOMPARE(FreeAddress::forKind(t, NodeKind::LoadBalancer, {QStringLiteral("8.8.8.10")}),
                 QStringLiteral("8.8.8.11"));
        // .255 and .0 are skipped.
        t.appendNode(host(NodeKind::Dns, QStringLiteral("d"), QStringLiteral("DNS"),
                          QStringLiteral("10.0.0.254")));
        QCOMPARE(FreeAddress::from(t, QStringLiteral("10.0.0.254")), QStringLiteral("10.0.1.1"));
        // Not an address: given back as it is; kinds without a default have none.
        QCOMPARE(FreeAddress::from(t, QStringLiteral("nope")), QStringLiteral("nope"));
        QVERIFY(FreeAddress::forKind(t, NodeKind::Client).isEmpty());
        QVERIFY(FreeAddress::forKind(t, NodeKind::Web).isEmpty());
        QCOMPARE(FreeAddress::from(t, QStringLiteral("255.255.255.254")),
                 QStringLiteral("255.255.255.254"));
    }

    void defaultsAreTheKindsDefaults() {
        // The property defaults of the kinds and the start of the free-address rule agree.
        for (NodeKind k : {NodeKind::Dns, NodeKind::LoadBalancer, NodeKind::Server}) {
            const PropertySpec *ip = nodeKindSpec(k).property(QStringLiteral("ip"));
            QVERIFY(ip);
            QCOMPARE(ip->defaultValue.toString(), DefaultAddress::forKind(k));
        }
        QCOMPARE(DefaultAddress::forKind(NodeKind::Firewall), QStringLiteral("8.8.8.1"));
        QCOMPARE(DefaultAddress::forKind(NodeKind::Monitoring), QStringLiteral("10.0.0.9"));
    }

    void placementStacksRowsInAServerBox() {
        TopologyData t;
        t.appendNode(host(NodeKind::Server, QStringLiteral("s"), QStringLiteral("Server 1")));
        const QPointF first = ComponentPlacement::next(t, QStringLiteral("s"));
        QCOMPARE(first, QPointF(ComponentPlacement::kPadding, ComponentPlacement::kHeader));
        QCOMPARE(first, ComponentPlacement::row(0));
        t.appendNode(component(NodeKind::Web, QStringLiteral("w"), QStringLiteral("s"), first));
        t.appendNode(component(NodeKind::App, QStringLiteral("a"), QStringLiteral("s"),
                               ComponentPlacement::row(1)));
        QCOMPARE(ComponentPlacement::next(t, QStringLiteral("s")), ComponentPlacement::row(2));
        // Below the lowest row, even when an earlier one was removed (no overlap).
        t.removeNodeAt(t.nodeIndex(QStringLiteral("w")));
        QCOMPARE(ComponentPlacement::next(t, QStringLiteral("s")), ComponentPlacement::row(2));
        // Another server's rows do not count.
        QCOMPARE(ComponentPlacement::next(t, QStringLiteral("other")), ComponentPlacement::row(0));
    }

    void lbPairFixNamesThePeerLikeTheDesigner() {
        TopologyData t;
        t.appendNode(host(NodeKind::LoadBalancer, QStringLiteral("lb"), QStringLiteral("LB 1"),
                          QStringLiteral("8.8.8.8")));
        Finding f;
        f.nodes = {QStringLiteral("lb")};
        QString error;
        QVERIFY2(applyFix(QStringLiteral("add-lb-pair"), f, &t, &error), qPrintable(error));
        QStringList names;
        QSet<QString> addresses;
        for (const Node &n : t.nodes()) {
            names.append(n.name);
            addresses.insert(n.text(QStringLiteral("ip")));
        }
        QCOMPARE(names, (QStringList{QStringLiteral("LB 1"), QStringLiteral("LB 2")}));
        // The VIP and the peer's address are both free ones after 8.8.8.8, and differ.
        QCOMPARE(t.nodes().at(0).text(QStringLiteral("vip")), QStringLiteral("8.8.8.9"));
        QCOMPARE(t.nodes().at(1).text(QStringLiteral("ip")), QStringLiteral("8.8.8.10"));
    }
};

QTEST_GUILESS_MAIN(TestPlacementRules)
#include "tst_placementrules.moc"
