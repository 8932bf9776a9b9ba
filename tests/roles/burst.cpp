#include "burst.h"

#include <QTest>

bool Burst::send(const QString &address, int port, int n, const QByteArray &raw) {
    m_clock.start();
    for (int i = 0; i < n; ++i) {
        auto s = std::make_shared<QTcpSocket>();
        s->connectToHost(address, quint16(port));
        if (!s->waitForConnected(5000))
            return false;
        s->write(raw);
        s->flush();
        m_sockets.append(s);
        m_arrivedMs.append(-1);
        m_responses.append(QByteArray());
    }
    return true;
}

bool Burst::wait(int ms) {
    return QTest::qWaitFor(
        [this] {
            bool all = true;
            for (int i = 0; i < m_sockets.size(); ++i) {
                if (m_sockets[i]->bytesAvailable() > 0) {
                    if (m_arrivedMs[i] < 0)
                        m_arrivedMs[i] = m_clock.elapsed();
                    m_responses[i] += m_sockets[i]->readAll();
                }
                all = all && m_responses[i].contains("\r\n\r\n");
            }
            return all;
        },
        ms);
}
