#include "designgateway.h"

#include "chaosrun.h"
#include "loaddriver.h"
#include "nodestatustracker.h"
#include "requestdriver.h"

namespace infrastage::runtime {

DesignGateway::DesignGateway(QObject *parent)
    : QObject(parent)
    , m_orchestrator(new Orchestrator(this))
    , m_status(new NodeStatusTracker(this)) {
    qRegisterMetaType<RuntimeEvent>();
    qRegisterMetaType<WalkthroughStep>();
    qRegisterMetaType<MetricSnapshot>();
    qRegisterMetaType<NodeStatus>();
    qRegisterMetaType<ChaosRow>();
    qRegisterMetaType<QList<ChaosRow>>();
    qRegisterMetaType<Walkthrough>();
    qRegisterMetaType<RunReport>();
    connect(m_orchestrator, &Orchestrator::stateChanged, this, &DesignGateway::onStateChanged);
    connect(m_orchestrator, &Orchestrator::nodeStateChanged, this,
            [this](const QString &node, NodeState s) {
                emit nodeStateChanged(node, s);
                m_status->onNodeState(node, s);
            });
    connect(m_orchestrator, &Orchestrator::event, this, [this](const RuntimeEvent &e) {
        m_status->onEvent(e);
        emit event(e);
    });
    connect(m_status, &NodeStatusTracker::changed, this, &DesignGateway::nodeStatusChanged);
    connect(m_orchestrator, &Orchestrator::started, this, [this] {
        m_readyMs = m_startClock.elapsed();
        emit running(m_readyMs);
    });
    connect(m_orchestrator, &Orchestrator::startFailed, this, &DesignGateway::startFailed);
    connect(m_orchestrator, &Orchestrator::stopped, this, &DesignGateway::stopped);
}

DesignGateway::~DesignGateway() {
    // Drivers first: they listen to the orchestrator, whose destructor kills every process.
    qDeleteAll(m_requests);
    delete m_load;
    delete m_chaos;
}

NodeStatus DesignGateway::nodeStatus(const QString &id) const {
    return m_status->status(id);
}

bool DesignGateway::start(const TopologyData &topology, QString *error) {
    if (m_chaos) {
        *error = QStringLiteral("chaos is running; cancel it first");
        return false;
    }
    m_readyMs = -1;
    m_status->clear();
    m_startClock.start();
    return m_orchestrator->start(topology, error);
}

void DesignGateway::stop() {
    m_orchestrator->stop();
}

void DesignGateway::onStateChanged(RuntimeState state) {
    // Nothing can be answered once the nodes go: the load ends with what it got.
    if (state == RuntimeState::Stopping && m_load)
        m_load->stop();
    emit stateChanged(state);
}

bool DesignGateway::inject(const Fault &fault, QString *error) {
    return m_orchestrator->inject(fault, error);
}

int DesignGateway::sendRequest(const RequestSpec &spec, QString *error) {
    if (state() != RuntimeState::Running) {
        *error = QStringLiteral("the design is %1, not running").arg(runtimeStateName(state()));
        return 0;
    }
    auto *driver = new RequestDriver(m_orchestrator, spec, this);
    const int id = ++m_lastRequestId;
    connect(driver, &RequestDriver::step, this,
            [this, id](const WalkthroughStep &s) { emit requestStep(id, s); });
    connect(driver, &RequestDriver::finished, this,
            [this, id, driver](const Walkthrough &w, const Walkthrough &first) {
                m_requests.remove(id);
                driver->deleteLater();
                emit requestFinished(id, w, first);
            });
    connect(driver, &RequestDriver::failed, this, [this, id, driver](const QString &why) {
        m_requests.remove(id);
        driver->deleteLater();
        emit requestFailed(id, why);
    });
    if (!driver->begin(error)) {
        delete driver;
        return 0;
    }
    m_requests.insert(id, driver);
    return id;
}

bool DesignGateway::startLoad(const LoadSpec &spec, QString *error) {
    if (state() != RuntimeState::Running) {
        *error = QStringLiteral("the design is %1, not running").arg(runtimeStateName(state()));
        return false;
    }
    if (m_load) {
        *error = QStringLiteral("a load is already running");
        return false;
    }
    m_load = new LoadDriver(m_orchestrator, spec, this);
    connect(m_load, &LoadDriver::notice, this, &DesignGateway::loadNotice);
    connect(m_load, &LoadDriver::snapshot, this, &DesignGateway::loadSnapshot);
    connect(m_load, &LoadDriver::finished, this, [this](const RunReport &report) {
        endLoad();
        emit loadFinished(report);
    });
    connect(m_load, &LoadDriver::failed, this, [this](const QString &why) {
        endLoad();
        emit loadFailed(why);
    });
    if (!m_load->begin(error)) {
        delete m_load;
        m_load = nullptr;
        return false;
    }
    return true;
}

void DesignGateway::stopLoad() {
    if (m_load)
        m_load->stop();
}

void DesignGateway::endLoad() {
    m_load->deleteLater();
    m_load = nullptr;
}

bool DesignGateway::startChaos(const TopologyData &topology, const ChaosSpec &spec,
                               QString *error) {
    if (m_chaos) {
        *error = QStringLiteral("chaos is already running");
        return false;
    }
    if (state() != RuntimeState::Stopped && state() != RuntimeState::Failed) {
        *error = QStringLiteral("the design is %1; chaos starts it afresh for each node, stop "
                                "it first")
                     .arg(runtimeStateName(state()));
        return false;
    }
    m_chaos = new ChaosRun(topology, spec, options(), this);
    connect(m_chaos, &ChaosRun::measuring, this, &DesignGateway::chaosMeasuring);
    connect(m_chaos, &ChaosRun::measured, this, &DesignGateway::chaosMeasured);
    connect(m_chaos, &ChaosRun::problem, this, &DesignGateway::chaosProblem);
    connect(m_chaos, &ChaosRun::finished, this, [this](const QList<ChaosRow> &rows) {
        m_chaos->deleteLater();
        m_chaos = nullptr;
        emit chaosFinished(rows);
    });
    m_chaos->start();
    return true;
}

void DesignGateway::cancelChaos() {
    if (m_chaos)
        m_chaos->cancel();
}

} // namespace infrastage::runtime
