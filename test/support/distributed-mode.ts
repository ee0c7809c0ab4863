// the `distributed` project of the suite: startTestHub() serves these suites from a distributed hub
process.env.TEST_HUB_MODE = 'distributed';
