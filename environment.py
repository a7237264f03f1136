"""behave hooks: one line each; the work lives in `harness.hooks`."""

from behave.fixture import use_fixture

from harness import hooks


def before_all(context):
    hooks.set_up_run(context)


def before_feature(context, feature):
    hooks.arm_retries(context, feature)


def before_scenario(context, scenario):
    use_fixture(hooks.scenario_cast, context, scenario)


def after_step(context, step):
    hooks.step_ended(context, step)
