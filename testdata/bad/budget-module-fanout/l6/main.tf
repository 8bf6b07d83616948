module "m0" {
  source = "../l7"
}
module "m1" {
  source = "../l7"
}
module "m2" {
  source = "../l7"
}
module "m3" {
  source = "../l7"
}
module "m4" {
  source = "../l7"
}
module "m5" {
  source = "../l7"
}
module "m6" {
  source = "../l7"
}
module "m7" {
  source = "../l7"
}
module "m8" {
  source = "../l7"
}
module "m9" {
  source = "../l7"
}
